// `whoami`: the identity the bot sees and what it allows, told consistently:
// a steward may update everything, whatever their email says.
import { coordinatorLabels } from '../describe.js';
import { okReply, type Reply } from '../reply.js';
import type { CommandContext } from './context.js';
import { dateFormat } from '../time.js';

export async function whoami(ctx: CommandContext): Promise<Reply> {
  const actor = await ctx.actor();
  const all = ctx.plan.items();
  const can = actor.steward ? all : all.filter((i) => i.coordinators.some((id) => actor.agencies.includes(id)));
  const email = actor.email
    ?? (actor.localSteward ? 'none needed — you are at the terminal' : 'not verified — you can look things up but not update');
  const fields = [
    { label: 'Email', value: email },
    { label: 'Agency', value: actor.agencies.length ? coordinatorLabels(ctx.plan, actor.agencies) : actor.localSteward ? 'none (local operator)' : 'none recognised' },
    { label: 'Steward', value: actor.steward ? 'yes' : 'no' },
    { label: 'You can update', value: can.length === all.length ? 'every action' : can.map((i) => i.id).join(', ') || 'nothing' },
  ];
  const away = actor.email && ctx.away ? (await ctx.away.awayAt(ctx.now)).get(actor.email) : undefined;
  if (away) {
    const day = dateFormat('en-NZ', { timeZone: ctx.timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(away.until);
    fields.push({ label: 'Away', value: `until ${day}${away.note ? ` — ${away.note}` : ''} (no reminders until then; say \`back\` to end it)` });
  }
  const title = actor.localSteward && !actor.email ? `You are ${actor.userId}, local operator, steward` : `You are ${actor.displayName}`;
  return okReply(title, [{ lines: [], fields }]);
}

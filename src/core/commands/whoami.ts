// `whoami`: the identity the bot sees and what it allows.
import { coordinatorLabels } from '../describe.js';
import { answer, type Reply } from '../reply.js';
import type { CommandContext } from './context.js';

export async function whoami(ctx: CommandContext): Promise<Reply> {
  const actor = await ctx.actor();
  const can = actor.steward ? ctx.plan.items() : ctx.plan.items().filter((i) => i.coordinators.some((id) => actor.agencies.includes(id)));
  const fields = [
    { label: 'Email', value: actor.email ?? 'not verified — you can look things up but not update' },
    { label: 'Agency', value: actor.agencies.length ? coordinatorLabels(ctx.plan, actor.agencies) : 'none recognised' },
    { label: 'Steward', value: actor.steward ? 'yes' : 'no' },
    { label: 'You can update', value: can.length === ctx.plan.items().length ? 'every action' : can.map((i) => i.id).join(', ') || 'nothing' },
  ];
  const away = actor.email && ctx.away ? (await ctx.away.awayAt(ctx.now)).get(actor.email) : undefined;
  if (away) {
    const day = new Intl.DateTimeFormat('en-NZ', { timeZone: ctx.timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(away.until);
    fields.push({ label: 'Away', value: `until ${day}${away.note ? ` — ${away.note}` : ''} (no reminders until then; say \`back\` to end it)` });
  }
  return answer(`You are ${actor.displayName}`, [{ lines: [], fields }]);
}

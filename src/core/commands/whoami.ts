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
  return answer(`You are ${actor.displayName}`, [{ lines: [], fields }]);
}

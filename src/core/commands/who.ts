// `who coordinates 13b`: the coordinating agencies of an action or part.
import { coordinatorLabels, partCount } from '../describe.js';
import { okReply, type Reply } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import type { CommandContext } from './context.js';

export async function who(cmd: { target: string }, ctx: CommandContext): Promise<Reply> {
  const target = resolveTarget(ctx.plan, cmd.target, 'who coordinates 7');
  if (isReply(target)) return target;
  if (target.kind === 'item') {
    return okReply(`${target.item.id} is coordinated by ${coordinatorLabels(ctx.plan, target.item.coordinators)}.`, [
      { lines: [target.item.title ?? target.item.text] },
    ]);
  }
  const { action, items } = target;
  if (action.parts.length === 0) {
    return okReply(`Action ${action.number} is coordinated by ${coordinatorLabels(ctx.plan, action.coordinators)}.`, [
      { lines: [action.text] },
    ]);
  }
  return okReply(`Action ${action.number} has ${partCount(items.length)} parts:`, [
    { lines: items.map((item) => `${item.id} — ${coordinatorLabels(ctx.plan, item.coordinators)}`) },
  ]);
}

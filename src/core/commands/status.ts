// `status`, `status 7`, `status 13 as of 2026-10-01`; `history 13b`.
import { actionStatus, itemSummary, labelOf, statusLine, statusOf, updatedBy } from '../describe.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { STATUSES, STATUS_LABELS, statusLabel } from '../status.js';
import type { StatusUpdate } from '../store-port.js';
import { formatDate, formatDay, readPastDate } from '../time.js';
import { overdueFlags } from '../milestones/overdue-flags.js';
import type { CommandContext } from './context.js';

const HISTORY_LIMIT = 25;

function readAsOf(text: string | undefined, ctx: CommandContext): Date | undefined | Reply {
  if (text === undefined) return undefined;
  const read = readPastDate(text, ctx.now, ctx.timeZone, 'end');
  if (read.kind === 'future') {
    return failureReply('bad-input', `${formatDay(read.day)} hasn't happened yet, so there is no status as of then.`,
      'Ask about today or a day that has passed, e.g. `status 7 as of last Friday`.');
  }
  if (read.kind === 'unreadable') {
    return failureReply('bad-input', `I can't read the date "${text}".`, 'Use a date like 2026-10-01, 1 Oct, yesterday, last Friday, last week or end of last month.');
  }
  return read.at;
}

export async function status(cmd: { target: string; asOf?: string }, ctx: CommandContext): Promise<Reply> {
  const asOf = readAsOf(cmd.asOf, ctx);
  if (isReply(asOf)) return asOf;
  const when = asOf ? ` as of ${formatDate(asOf, ctx.timeZone)}` : '';
  if (!cmd.target) return planStatus(ctx, asOf, when);
  const target = resolveTarget(ctx.plan, cmd.target, 'status 7');
  if (isReply(target)) return target;
  const items = target.kind === 'item' ? [target.item] : target.items;
  const statuses = await ctx.store.currentStatuses(asOf, items.map((i) => i.id));
  const flags = await overdueFlags(ctx);
  const lines = items.map((i) => `${i.id}: ${statusLine(statuses.get(i.id), ctx.plan, ctx.timeZone)}${flags.suffix(i.id)}`);
  if (target.kind === 'action' && target.action.parts.length > 0) {
    const rolled = STATUS_LABELS[actionStatus(ctx.plan, target.action, statuses)];
    return okReply(`Action ${target.action.number} is ${rolled}${when} (rolled up from its parts)`, [{ lines }],
      items.map((i) => ({ kind: 'update-status', itemId: i.id, label: `Update ${i.id}` })));
  }
  const item = items[0]!;
  return okReply(`${item.id} is ${labelOf(statuses, item.id)}${when}`, [{ lines }],
    [{ kind: 'update-status', itemId: item.id, label: `Update ${item.id}` }]);
}

async function planStatus(ctx: CommandContext, asOf: Date | undefined, when: string): Promise<Reply> {
  const statuses = await ctx.store.currentStatuses(asOf);
  const flags = await overdueFlags(ctx);
  const items = ctx.plan.items();
  const counts = STATUSES.map((s) => ({ s, n: items.filter((i) => statusOf(statuses, i.id) === s).length })).filter((c) => c.n > 0);
  return okReply(`The plan${when}: ${counts.map((c) => `${c.n} ${STATUS_LABELS[c.s].toLowerCase()}`).join(', ')}`, [
    { lines: items.map((i) => `${itemSummary(i, 70)} [${labelOf(statuses, i.id)}${flags.suffix(i.id)}]`) },
  ]);
}

export async function history(cmd: { target: string; asOf?: string }, ctx: CommandContext): Promise<Reply> {
  const asOf = readAsOf(cmd.asOf, ctx);
  if (isReply(asOf)) return asOf;
  const target = resolveTarget(ctx.plan, cmd.target, 'history 7');
  if (isReply(target)) return target;
  const items = target.kind === 'item' ? [target.item] : target.items;
  const updates: StatusUpdate[] = (
    await Promise.all(items.map((i) => ctx.store.history(i.id, { ...(asOf ? { asOf } : {}), limit: HISTORY_LIMIT })))
  ).flat();
  updates.sort((a, b) => b.at.getTime() - a.at.getTime());
  const name = target.kind === 'item' ? target.item.id : `action ${target.action.number}`;
  const when = asOf ? ` up to ${formatDate(asOf, ctx.timeZone)}` : '';
  if (updates.length === 0) return okReply(`No updates to ${name}${when} yet.`, [], []);
  const shown = updates.slice(0, HISTORY_LIMIT);
  const lines = shown.map((u) => `${items.length > 1 ? `${u.itemId}: ` : ''}${historyLabel(u)}${u.note ? ` — ${u.note}` : ''} (${updatedBy(u, ctx.plan, ctx.timeZone)}, via ${u.source.platform})`);
  const more = updates.length > shown.length ? [`Showing the latest ${shown.length}. \`npx tsoc export\` has them all.`] : [];
  return okReply(`History of ${name}${when}`, [{ lines: [...lines, ...more] }]);
}

/** A history line's status, with what a steward did to a completion. */
function historyLabel(u: StatusUpdate): string {
  if (u.signOff === 'signed-off') return 'Complete (signed off)';
  if (u.signOff === 'rejected') return `${STATUS_LABELS[u.status]} (completion rejected)`;
  return statusLabel(u);
}

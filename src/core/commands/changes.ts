// `changes`, `what changed this week`, `changes since 1 Nov`, `what's new for police`: the net
// change of each item over a period (netChanges, shared with the digest and the board), newest
// first, with who moved it last and why.
import { netChanges, type NetChange } from '../changes/net-changes.js';
import { agencyLabel, agencyNamingOf, updatedBy } from '../describe.js';
import { readItemRef } from '../item-ref.js';
import type { PlanItem } from '../plan/plan.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { listJoin, resolveAgency } from '../resolve-agency.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { STATUS_LABELS } from '../status.js';
import type { StatusUpdate } from '../store-port.js';
import { formatDate, formatDay, readPastDate, startOfDay, startOfWeek, zonedDate, zonedTime } from '../time.js';
import type { CommandContext } from './context.js';

/** Updates read per item in one go; an item busier than this in the period gets one more read. */
const PER_ITEM = 40;
const DEFAULT_DAYS = 7;
const MAX_LINES = 60;

interface Period {
  since: Date;
  /** "in the last 7 days", "since Mon 30 Nov 2026" */
  label: string;
}

function daysAgo(ctx: CommandContext, days: number): Date {
  const today = zonedDate(ctx.now, ctx.timeZone);
  return zonedTime(today.y, today.m, today.d - days, 0, 0, 0, 0, ctx.timeZone);
}

export function readPeriod(words: string | undefined, ctx: CommandContext): Period | Reply {
  const t = (words ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '' || t === 'recently' || t === 'lately' || t === 'past week' || t === 'last 7 days') {
    return { since: daysAgo(ctx, DEFAULT_DAYS), label: `in the last ${DEFAULT_DAYS} days` };
  }
  if (t === 'this week') return { since: startOfWeek(ctx.now, ctx.timeZone), label: 'this week' };
  if (t === 'today') return { since: startOfDay(ctx.now, ctx.timeZone), label: 'today' };
  if (t === 'this month' || t === 'past month') {
    const today = zonedDate(ctx.now, ctx.timeZone);
    if (t === 'past month') return { since: daysAgo(ctx, 30), label: 'in the last 30 days' };
    return { since: zonedTime(today.y, today.m, 1, 0, 0, 0, 0, ctx.timeZone), label: 'this month' };
  }
  const last = /^(?:last|past) (\d{1,3}) (day|week)s?$/.exec(t);
  if (last) {
    const days = Number(last[1]) * (last[2] === 'week' ? 7 : 1);
    return { since: daysAgo(ctx, days), label: `in the last ${days} day${days === 1 ? '' : 's'}` };
  }
  const read = readPastDate(words!, ctx.now, ctx.timeZone, 'start');
  if (read.kind === 'future') {
    return failureReply('bad-input', `${formatDay(read.day)} hasn't happened yet, so nothing has changed since then.`,
      'Ask about a day that has passed, e.g. `changes since 1 Nov` or `what changed this week`.');
  }
  if (read.kind === 'unreadable') {
    return failureReply('bad-input', `I can't read the date "${words}".`, 'Try `changes since 1 Nov`, `changes since last Friday` or `what changed this week`.');
  }
  return { since: read.at, label: `since ${formatDate(read.at, ctx.timeZone)}` };
}

function readScope(filter: string, ctx: CommandContext): { items: PlanItem[]; label: string } | Reply {
  const f = filter.trim();
  if (f === '') return { items: ctx.plan.items(), label: '' };
  const ref = readItemRef(f);
  if (ref && ref.rest === '') {
    const target = resolveTarget(ctx.plan, f, 'changes for 7');
    if (isReply(target)) return target;
    return target.kind === 'item' ? { items: [target.item], label: ` to ${target.item.id}` } : { items: target.items, label: ` to action ${target.action.number}` };
  }
  const match = resolveAgency(ctx.plan.agencies, f);
  if (match.kind === 'found') {
    return { items: ctx.plan.items().filter((i) => i.coordinators.includes(match.agency.id)), label: ` for ${agencyLabel(match.agency, agencyNamingOf(ctx.plan))}` };
  }
  if (match.kind === 'ambiguous') {
    return failureReply('ambiguous-agency', `"${f}" could mean ${listJoin(match.candidates.map((a) => a.shortName), 'or')}.`,
      `Say which, e.g. \`changes for ${match.candidates[0]!.shortName.toLowerCase()}\`.`);
  }
  return failureReply('unknown-agency', `"${f}" is not an agency or action I know.`, 'Try `changes for police`, `changes for 13b` or just `changes`.');
}

function changeLine(c: NetChange, ctx: CommandContext): string {
  const move = c.unchanged ? `still ${STATUS_LABELS[c.to]}` : `${STATUS_LABELS[c.from]} → ${STATUS_LABELS[c.to]}`;
  const count = c.count > 1 ? ` (${c.count} updates)` : '';
  const why = c.latest.note ? ` — ${c.latest.note}` : '';
  return `${c.item.id}: ${move}${count}${why} (${updatedBy(c.latest, ctx.plan, ctx.timeZone)})`;
}

export async function changes(cmd: { filter: string; since?: string }, ctx: CommandContext): Promise<Reply> {
  const period = readPeriod(cmd.since, ctx);
  if (isReply(period)) return period;
  const scope = readScope(cmd.filter, ctx);
  if (isReply(scope)) return scope;
  const until = ctx.now;
  const histories = new Map<string, StatusUpdate[]>(await ctx.store.recentHistories(until, PER_ITEM));
  // An item with a full page of updates, all inside the period, needs the one before the period
  // too, or it would seem to start from "not started".
  for (const item of scope.items) {
    const h = histories.get(item.id);
    if (h && h.length >= PER_ITEM && h[h.length - 1]!.at.getTime() > period.since.getTime()) {
      const before = await ctx.store.history(item.id, { asOf: period.since, limit: 1 });
      histories.set(item.id, [...h, ...before]);
    }
  }
  const list = netChanges(scope.items, histories, { since: period.since, until });
  if (list.length === 0) {
    return okReply(`No changes${scope.label} ${period.label}.`, [
      { lines: ['Try a longer period, e.g. `changes since 1 Oct`, or `status` for where everything stands.'] },
    ]);
  }
  const lines = list.slice(0, MAX_LINES).map((c) => changeLine(c, ctx));
  if (list.length > MAX_LINES) lines.push(`…and ${list.length - MAX_LINES} more. Narrow it, e.g. \`changes for police ${period.label}\`.`);
  const moved = list.filter((c) => !c.unchanged).length;
  const title = `What changed${scope.label} ${period.label}: ${list.length} item${list.length === 1 ? '' : 's'} updated, ${moved} moved`;
  return okReply(title, [{ lines }]);
}

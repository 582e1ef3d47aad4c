// `milestones [item]` and `overdue`: what is due, and what is past due, with
// the coordinators to ask. Read-only.
import { coordinatorShortNames } from '../describe.js';
import { formatIsoDay, isoDay } from '../forward-date.js';
import { foldMilestones, isOverdue, openMilestones, todayIso, type Milestone } from '../milestones/milestone-model.js';
import type { MilestoneStore } from '../milestones/milestone-port.js';
import type { PlanItem } from '../plan/plan.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { dateFormat, zonedDate } from '../time.js';
import type { CommandContext } from './context.js';

type Ctx = CommandContext & { milestones?: MilestoneStore };
/** How far ahead `milestones` looks. */
const AHEAD_DAYS = 90;

function stateOf(m: Milestone, today: string, timeZone: string): string {
  if (m.state === 'removed') return `removed — ${m.events.at(-1)?.note ?? ''}`;
  if (m.state === 'done') return `done ${m.doneAt ? dateFormat('en-NZ', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(m.doneAt) : ''}`.trim();
  const moved = m.moves ? ` (moved ${m.moves === 1 ? 'once' : `${m.moves} times`})` : '';
  return `${isOverdue(m, today) ? 'OVERDUE' : 'open'}${moved}`;
}

const line = (m: Milestone, today: string, timeZone: string) => `${m.number}. ${m.title} — due ${formatIsoDay(m.due)} · ${stateOf(m, today, timeZone)}`;

export async function milestones(cmd: { target: string }, ctx: Ctx): Promise<Reply> {
  if (!ctx.milestones) return failureReply('unavailable', 'Milestones are not kept on this server.');
  const today = todayIso(ctx.now, ctx.timeZone);
  if (cmd.target) {
    const target = resolveTarget(ctx.plan, cmd.target, 'milestones 13b');
    if (isReply(target)) return target;
    const items = target.kind === 'item' ? [target.item] : target.items;
    const all = foldMilestones(await ctx.milestones.events());
    const sections = items.map((item) => {
      const list = [...(all.get(item.id) ?? [])].sort((a, b) => a.due.localeCompare(b.due) || a.number - b.number);
      return { heading: items.length > 1 ? `${item.id}` : undefined, lines: list.length ? list.map((m) => line(m, today, ctx.timeZone)) : ['No milestones yet.'] };
    });
    const name = target.kind === 'item' ? target.item.id : `action ${target.action.number}`;
    const first = items[0]!.id;
    return okReply(`Milestones of ${name}`, [
      ...sections.map((s) => (s.heading ? { heading: s.heading, lines: s.lines } : { lines: s.lines })),
      { lines: [`Add one: \`milestone add ${first} <what> due <date>\`; mark one done: \`milestone done ${first} <number>\`.`] },
    ]);
  }
  const open = openMilestones(foldMilestones(await ctx.milestones.events()), ctx.plan.items());
  const { y, m, d } = zonedDate(ctx.now, ctx.timeZone);
  const horizon = isoDay(zonedDate(new Date(Date.UTC(y, m - 1, d + AHEAD_DAYS, 12)), 'UTC'));
  const overdue = open.filter((o) => isOverdue(o.milestone, today));
  const soon = open.filter((o) => !isOverdue(o.milestone, today) && o.milestone.due <= horizon);
  const show = (o: { item: PlanItem; milestone: Milestone }) => `${o.item.id} #${o.milestone.number}: ${o.milestone.title} — due ${formatIsoDay(o.milestone.due)}`;
  return okReply('Milestones across the plan', [
    { heading: `Overdue (${overdue.length})`, lines: overdue.length ? overdue.map(show) : ['Nothing is overdue.'] },
    { heading: `Due in the next ${AHEAD_DAYS} days (${soon.length})`, lines: soon.length ? soon.map(show) : ['Nothing is due in that time.'] },
  ]);
}

export async function overdue(ctx: Ctx): Promise<Reply> {
  if (!ctx.milestones) return failureReply('unavailable', 'Milestones are not kept on this server.');
  const today = todayIso(ctx.now, ctx.timeZone);
  const list = openMilestones(foldMilestones(await ctx.milestones.events()), ctx.plan.items()).filter((o) => isOverdue(o.milestone, today));
  if (list.length === 0) return okReply('No milestone is overdue.');
  return okReply(`${list.length} milestone${list.length === 1 ? ' is' : 's are'} overdue`, [{
    lines: list.map((o) => `${o.item.id} #${o.milestone.number}: ${o.milestone.title} — due ${formatIsoDay(o.milestone.due)} — coordinated by ${coordinatorShortNames(ctx.plan, o.item.coordinators)}`),
  }]);
}

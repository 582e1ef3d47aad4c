// A milestone's state from its events, and when it is overdue: its due date
// has passed in the plan's time zone and it is not done. Pure.
import type { PlanItem } from '../plan/plan.js';
import { zonedDate } from '../time.js';
import type { MilestoneEvent } from './milestone-port.js';

export interface Milestone {
  itemId: string;
  number: number;
  title: string;
  due: string;
  state: 'open' | 'done' | 'removed';
  /** When it was done (state done). */
  doneAt?: Date;
  /** How many times its due date moved. */
  moves: number;
  events: MilestoneEvent[];
}

/** Milestones of every item that has any, by item id, each item's in number order. */
export function foldMilestones(events: readonly MilestoneEvent[]): Map<string, Milestone[]> {
  const byKey = new Map<string, Milestone>();
  for (const e of events) {
    const key = `${e.itemId}#${e.number}`;
    if (e.kind === 'add') {
      byKey.set(key, { itemId: e.itemId, number: e.number, title: e.title ?? '', due: e.due ?? '', state: 'open', moves: 0, events: [e] });
      continue;
    }
    const m = byKey.get(key);
    if (!m) continue;
    m.events.push(e);
    if (e.kind === 'done') {
      m.state = 'done';
      m.doneAt = e.at;
    } else if (e.kind === 'move' && e.due) {
      m.due = e.due;
      m.moves += 1;
    } else if (e.kind === 'remove') m.state = 'removed';
  }
  const out = new Map<string, Milestone[]>();
  for (const m of byKey.values()) out.set(m.itemId, [...(out.get(m.itemId) ?? []), m]);
  for (const list of out.values()) list.sort((a, b) => a.number - b.number);
  return out;
}

export function todayIso(now: Date, timeZone: string): string {
  const { y, m, d } = zonedDate(now, timeZone);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isOverdue(m: Milestone, today: string): boolean {
  return m.state === 'open' && m.due < today;
}

/** Overdue milestones per item, for the flag beside a status. */
export function overdueByItem(milestones: Map<string, Milestone[]>, today: string): Map<string, Milestone[]> {
  const out = new Map<string, Milestone[]>();
  for (const [id, list] of milestones) {
    const overdue = list.filter((m) => isOverdue(m, today));
    if (overdue.length) out.set(id, overdue);
  }
  return out;
}

/** "1 milestone overdue" — the flag shown beside an item's status. */
export function overdueFlag(count: number): string {
  return count === 0 ? '' : `⚠ ${count} milestone${count === 1 ? '' : 's'} overdue`;
}

/** Open milestones in due order, with their items (for `milestones` and `overdue`). */
export function openMilestones(milestones: Map<string, Milestone[]>, items: readonly PlanItem[]): { item: PlanItem; milestone: Milestone }[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: { item: PlanItem; milestone: Milestone }[] = [];
  for (const [id, list] of milestones) {
    const item = byId.get(id);
    if (!item) continue;
    for (const m of list) if (m.state === 'open') out.push({ item, milestone: m });
  }
  return out.sort((a, b) => a.milestone.due.localeCompare(b.milestone.due) || a.item.id.localeCompare(b.item.id) || a.milestone.number - b.milestone.number);
}

// What the pages count, from the plan and the stored updates. Pure: the
// routes read the store, these functions only arrange what was read.
import type { Plan, PlanItem } from '../core/plan/plan.js';
import type { Action } from '../core/plan/plan-schema.js';
import { STATUSES, type Status } from '../core/status.js';
import type { StatusUpdate } from '../core/store-port.js';
import type { Week } from './periods.js';

export type Counts = Record<Status, number>;

export function emptyCounts(): Counts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts;
}

export function countStatuses(items: readonly PlanItem[], statusOf: (id: string) => Status): Counts {
  const counts = emptyCounts();
  for (const item of items) counts[statusOf(item.id)]++;
  return counts;
}

/** Second-priority actions have no theme in the plan: they are grouped under that name. */
export function themeOf(action: Action): string {
  return action.theme ?? 'Second priority actions';
}

export function themes(plan: Plan): { theme: string; actions: Action[] }[] {
  const out = new Map<string, Action[]>();
  for (const action of plan.actions) out.set(themeOf(action), [...(out.get(themeOf(action)) ?? []), action]);
  return [...out].map(([theme, actions]) => ({ theme, actions }));
}

export function itemsOfActions(plan: Plan, actions: readonly Action[]): PlanItem[] {
  return actions.flatMap((a) => plan.itemIdsOf(a).map((id) => plan.item(id)!));
}

/** The latest update at or before `at` in a newest-first history. */
export function updateAt(history: readonly StatusUpdate[] | undefined, at: Date): StatusUpdate | undefined {
  return history?.find((u) => u.at.getTime() <= at.getTime());
}

export interface WeekCounts {
  week: Week;
  counts: Counts;
}

/**
 * Counts by status at the end of each week. `histories` may be cut short (at most `perItem`
 * updates each): a week is only counted when every cut-short history reaches back before it, so
 * no week is ever shown with a guessed status.
 */
export function weeklyCounts(items: readonly PlanItem[], histories: ReadonlyMap<string, readonly StatusUpdate[]>, weeks: readonly Week[], perItem = Infinity): WeekCounts[] {
  let knownFrom = -Infinity;
  for (const item of items) {
    const h = histories.get(item.id);
    if (h && h.length >= perItem) knownFrom = Math.max(knownFrom, h[h.length - 1]!.at.getTime());
  }
  return weeks
    .filter((w) => w.end.getTime() >= knownFrom)
    .map((week) => ({ week, counts: countStatuses(items, (id) => updateAt(histories.get(id), week.end)?.status ?? 'not-started') }));
}

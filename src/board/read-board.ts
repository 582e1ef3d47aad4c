// The board's reads, all through the PlanStore port (the same reads the
// digest makes): the current-status projection, and each item's recent
// updates. Nothing is cached between requests, so every instance shows what
// any instance wrote.
import type { Plan } from '../core/plan/plan.js';
import type { StatusUpdate, PlanStore } from '../core/store-port.js';

export interface BoardDeps {
  plan: Plan;
  store: PlanStore;
  timeZone: string;
  staleAfterDays: number;
  now: () => Date;
}

/** Updates per item the overview reads: enough for its 12-week chart at several updates a week. */
export const OVERVIEW_PER_ITEM = 60;
const PERIOD_PER_ITEM = 200;

/**
 * Every item's updates at or before `until`, newest first, reaching back at least to the last one
 * at or before `since` (what a period's "from" status needs). One read for all items; an item
 * updated so often that the read cut it short is read again on its own, in full.
 */
export async function historiesReaching(store: PlanStore, since: Date, until: Date): Promise<Map<string, StatusUpdate[]>> {
  const histories = await store.recentHistories(until, PERIOD_PER_ITEM);
  const short = [...histories].filter(([, h]) => h.length >= PERIOD_PER_ITEM && h[h.length - 1]!.at.getTime() > since.getTime());
  await Promise.all(short.map(async ([id]) => histories.set(id, await store.history(id, { asOf: until }))));
  return histories;
}

/** The plan's current statuses and recent updates, for the overview. */
export async function readOverview(deps: BoardDeps): Promise<{ now: Date; current: Map<string, StatusUpdate>; histories: Map<string, StatusUpdate[]> }> {
  const now = deps.now();
  const [current, histories] = await Promise.all([deps.store.currentStatuses(), deps.store.recentHistories(now, OVERVIEW_PER_ITEM)]);
  return { now, current, histories };
}

// Reads what a digest needs from the PlanStore: current statuses and each
// item's recent updates. One read, shared by every digest of a slot.
import type { PlanStore, StatusUpdate } from '../store-port.js';

/** Updates per item kept for "changes since": more than a week's worth for any plan item. */
export const RECENT_LIMIT = 50;

export interface PlanSnapshot {
  statuses: Map<string, StatusUpdate>;
  recent: Map<string, StatusUpdate[]>;
  asOf: Date;
}

export async function loadSnapshot(store: PlanStore, itemIds: readonly string[], asOf: Date): Promise<PlanSnapshot> {
  const histories = await store.recentHistories(asOf, RECENT_LIMIT);
  const statuses = new Map<string, StatusUpdate>();
  for (const [id, list] of histories) if (list[0]) statuses.set(id, list[0]);
  return { statuses, recent: new Map(itemIds.map((id) => [id, histories.get(id) ?? []])), asOf };
}

// Reads what a digest needs from the PlanStore: current statuses and each
// item's recent updates. One read per item, shared by every digest of a slot.
import type { PlanStore, StatusUpdate } from '../store-port.js';

/** Updates per item kept for "changes since": more than a week's worth for any plan item. */
export const RECENT_LIMIT = 50;

export interface PlanSnapshot {
  statuses: Map<string, StatusUpdate>;
  recent: Map<string, StatusUpdate[]>;
  asOf: Date;
}

export async function loadSnapshot(store: PlanStore, itemIds: readonly string[], asOf: Date): Promise<PlanSnapshot> {
  const [statuses, histories] = await Promise.all([
    store.currentStatuses(asOf),
    Promise.all(itemIds.map(async (id) => [id, await store.history(id, { asOf, limit: RECENT_LIMIT })] as const)),
  ]);
  return { statuses, recent: new Map(histories), asOf };
}

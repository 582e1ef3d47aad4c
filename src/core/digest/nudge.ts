// Nudges: the stale items a person's agencies coordinate, and the direct
// message that asks them for an update. A "stale period" runs from an item's
// last update until its next one, so its key is that update's id ("never"
// before the first): a person is nudged about an item once per period.
import { itemSummary } from '../describe.js';
import type { Plan, PlanItem } from '../plan/plan.js';
import { okReply, type Reply, type ReplyAction } from '../reply.js';
import { STATUS_LABELS } from '../status.js';
import type { StatusUpdate } from '../store-port.js';
import { daysBetween, formatDate } from '../time.js';
import { isStale } from './digest-model.js';

export interface NudgeItem {
  item: PlanItem;
  update?: StatusUpdate;
  /** Identifies the stale period: the last update's id, or "never". */
  period: string;
}

export function stalePeriod(update: StatusUpdate | undefined): string {
  return update ? update.id : 'never';
}

/**
 * Stale items coordinated by any of `agencies`, in plan order. Items with no update yet are not
 * nudged about until `staleAfterDays` after the plan went live (`planStart`).
 */
export function staleItemsFor(plan: Plan, agencies: readonly string[], statuses: Map<string, StatusUpdate>, now: Date, staleAfterDays: number, planStart?: Date): NudgeItem[] {
  return plan
    .items()
    .filter((item) => item.coordinators.some((a) => agencies.includes(a)))
    .filter((item) => isStale(statuses.get(item.id), now, staleAfterDays, planStart))
    .map((item) => {
      const update = statuses.get(item.id);
      return { item, ...(update ? { update } : {}), period: stalePeriod(update) };
    });
}

/** The direct message: one line and one update button per item. */
export function nudgeReply(items: readonly NudgeItem[], now: Date, timeZone: string, staleAfterDays: number): Reply {
  const title = items.length === 1
    ? `${items[0]!.item.id} needs a status update`
    : `${items.length} actions or parts need a status update`;
  const lines = items.map(({ item, update }) =>
    update
      ? `${itemSummary(item, 80)} — last updated ${daysBetween(update.at, now)} days ago (${STATUS_LABELS[update.status]}, ${formatDate(update.at, timeZone)})`
      : `${itemSummary(item, 80)} — no update yet`,
  );
  // One button whatever the number of items: its form lists them all.
  const action: ReplyAction = items.length === 1
    ? { kind: 'update-status', itemId: items[0]!.item.id, label: `Update ${items[0]!.item.id}` }
    : { kind: 'update-status', itemId: items[0]!.item.id, label: 'Update status', choices: items.map(({ item }) => item.id) };
  return okReply(title, [
    { lines },
    { lines: [`Your agency coordinates ${items.length === 1 ? 'it' : 'these'}, and nothing has been recorded for ${staleAfterDays} days or more. Use the button below, or \`update <action> <status> <note>\`.`] },
  ], [action]);
}

// What a digest says, worked out from the plan and its updates: pure, no
// wording. build-digest.ts turns it into Reply pages.
import { netChanges, type NetChange } from '../changes/net-changes.js';
import type { Plan, PlanItem } from '../plan/plan.js';
import type { Agency } from '../plan/plan-schema.js';
import { STATUSES, effectiveStatus, type Status } from '../status.js';
import type { TimeAway } from '../away-port.js';
import type { Milestone } from '../milestones/milestone-model.js';
import type { StatusUpdate } from '../store-port.js';
import { daysBetween } from '../time.js';
import { ALL_AGENCIES } from './digest-port.js';

export interface DigestInput {
  plan: Plan;
  /** An agency id, or `all` for the whole plan. */
  agency: string;
  /** The latest update of each item (as of `asOf`). */
  statuses: Map<string, StatusUpdate>;
  /** Each item's recent updates, newest first: at least those after `since` and the one before. */
  recent: Map<string, StatusUpdate[]>;
  /** The previous digest's content time; changes after it are listed. Undefined: no previous digest. */
  since?: Date;
  /** The time the content is as of (when it is built). */
  asOf: Date;
  /** The scheduled slot, for scheduled digests (absent for previews). */
  slot?: Date;
  late?: boolean;
  timeZone: string;
  staleAfterDays: number;
  /** People away now (time away), so the digest can say who is away when their items are stale. */
  away?: readonly TimeAway[];
  /** CLASSIFICATION, marked at the top and the end of the digest. */
  classification?: string;
  /** The audit chain's head when the digest is built (the stewards' digest carries it). */
  auditHead?: { seq: number; hash: string };
  /** Every item's milestones (for the overdue section). */
  milestones?: ReadonlyMap<string, Milestone[]>;
  /**
   * When the plan went live (PLAN_START, else the first start against the database). Until
   * `staleAfterDays` after it, an item with no update yet is awaiting its first one, not stale.
   */
  planStart?: Date;
}

export interface ItemState {
  item: PlanItem;
  update?: StatusUpdate;
}

export interface StaleItem extends ItemState {
  /** Whole days since the last update; undefined when there has never been one. */
  days?: number;
}

export interface DigestModel {
  agency?: Agency;
  items: ItemState[];
  /** The net change of each item since the previous digest, newest first (empty without one). */
  changes: NetChange[];
  /** Items with no update yet that are still within the plan's first stale period. */
  awaiting: ItemState[];
  stale: StaleItem[];
  /** Until when items with no update are awaiting a first one rather than stale (absent: no quiet period). */
  quietUntil?: Date;
  counts: Record<Status, number>;
  /** Every at-risk or off-track item in the plan, whoever coordinates it. */
  troubled: ItemState[];
}

/** When items with no update start counting as stale: `days` after the plan went live. */
export function quietUntil(planStart: Date | undefined, days: number): Date | undefined {
  return planStart ? new Date(planStart.getTime() + days * 86_400_000) : undefined;
}

/**
 * No update for `days` days, and not complete: the rule `list stale` uses too. An item with no
 * update at all is stale once the plan has been live for `days` (always, when its start is unknown).
 */
export function isStale(update: StatusUpdate | undefined, now: Date, days: number, planStart?: Date): boolean {
  if (!update) return !planStart || now.getTime() >= quietUntil(planStart, days)!.getTime();
  return update.status !== 'complete' && daysBetween(update.at, now) >= days;
}

export function digestItems(plan: Plan, agency: string): PlanItem[] {
  return agency === ALL_AGENCIES ? plan.items() : plan.items().filter((i) => i.coordinators.includes(agency));
}

export function digestModel(input: DigestInput): DigestModel {
  const { plan, statuses } = input;
  const items = digestItems(plan, input.agency).map((item) => ({ item, ...withUpdate(statuses.get(item.id)) }));
  const changes = input.since
    ? netChanges(items.map((s) => s.item), input.recent, { since: input.since, until: input.asOf })
    : [];
  const stale = items
    .filter((s) => isStale(s.update, input.asOf, input.staleAfterDays, input.planStart))
    .map((s) => (s.update ? { ...s, days: daysBetween(s.update.at, input.asOf) } : s));
  const awaiting = items.filter((s) => !s.update && !isStale(undefined, input.asOf, input.staleAfterDays, input.planStart));
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const troubled: ItemState[] = [];
  for (const item of plan.items()) {
    const update = statuses.get(item.id);
    const status = effectiveStatus(update);
    counts[status] += 1;
    if (update && (status === 'at-risk' || status === 'off-track')) troubled.push({ item, update });
  }
  const agency = plan.agency(input.agency);
  const quiet = quietUntil(input.planStart, input.staleAfterDays);
  return { ...(agency ? { agency } : {}), items, changes, awaiting, stale, counts, troubled, ...(quiet ? { quietUntil: quiet } : {}) };
}

function withUpdate(update: StatusUpdate | undefined): { update?: StatusUpdate } {
  return update ? { update } : {};
}

// What a digest says, worked out from the plan and its updates: pure, no
// wording. render-digest.ts turns it into Reply pages.
import type { Plan, PlanItem } from '../plan/load-plan.js';
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
  /** Every item's milestones (for the overdue section). */
  milestones?: ReadonlyMap<string, Milestone[]>;
}

export interface ItemState {
  item: PlanItem;
  update?: StatusUpdate;
}

export interface Change {
  item: PlanItem;
  update: StatusUpdate;
  /** The status before this update (not-started when it was the first). */
  previous: Status;
}

export interface StaleItem extends ItemState {
  /** Whole days since the last update; undefined when there has never been one. */
  days?: number;
}

export interface DigestModel {
  agency?: Agency;
  items: ItemState[];
  changes: Change[];
  stale: StaleItem[];
  counts: Record<Status, number>;
  /** Every at-risk or off-track item in the plan, whoever coordinates it. */
  troubled: ItemState[];
}

/** No update for `days` days (or none ever), and not complete: the rule `list stale` uses too. */
export function isStale(update: StatusUpdate | undefined, now: Date, days: number): boolean {
  return !update || (update.status !== 'complete' && daysBetween(update.at, now) >= days);
}

export function digestItems(plan: Plan, agency: string): PlanItem[] {
  return agency === ALL_AGENCIES ? plan.items() : plan.items().filter((i) => i.coordinators.includes(agency));
}

export function digestModel(input: DigestInput): DigestModel {
  const { plan, statuses } = input;
  const items = digestItems(plan, input.agency).map((item) => ({ item, ...withUpdate(statuses.get(item.id)) }));
  const changes: Change[] = [];
  if (input.since) {
    const since = input.since.getTime();
    for (const { item } of items) {
      const recent = input.recent.get(item.id) ?? [];
      recent.forEach((update, i) => {
        if (update.at.getTime() <= since || update.at.getTime() > input.asOf.getTime()) return;
        changes.push({ item, update, previous: recent[i + 1]?.status ?? 'not-started' });
      });
    }
    changes.sort((a, b) => a.update.at.getTime() - b.update.at.getTime());
  }
  const stale = items
    .filter((s) => isStale(s.update, input.asOf, input.staleAfterDays))
    .map((s) => (s.update ? { ...s, days: daysBetween(s.update.at, input.asOf) } : s));
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const troubled: ItemState[] = [];
  for (const item of plan.items()) {
    const update = statuses.get(item.id);
    const status = effectiveStatus(update);
    counts[status] += 1;
    if (update && (status === 'at-risk' || status === 'off-track')) troubled.push({ item, update });
  }
  const agency = plan.agency(input.agency);
  return { ...(agency ? { agency } : {}), items, changes, stale, counts, troubled };
}

function withUpdate(update: StatusUpdate | undefined): { update?: StatusUpdate } {
  return update ? { update } : {};
}

// The net change of each item over a period: where it stood when the period
// began, where it stands at its end, how many updates it had in between and
// the latest of them (for who and why). One function for the digest's
// "changes since", the `changes` command and the board's pages, so they never
// disagree. Pure.
import type { PlanItem } from '../plan/plan.js';
import type { Status } from '../status.js';
import type { StatusUpdate } from '../store-port.js';

export interface NetChange {
  item: PlanItem;
  /** The status in force at `since` (not-started when the item had no update by then). */
  from: Status;
  /** The status in force at `until`: the latest update's. */
  to: Status;
  /** Updates made in the period (after `since`, at or before `until`). */
  count: number;
  /** The newest update in the period: its note is the latest reason, its author who moved it last. */
  latest: StatusUpdate;
  /** True when the item moved and came back (or was re-confirmed): `from` equals `to`. */
  unchanged: boolean;
}

export interface NetChangePeriod {
  /** Exclusive start: updates at exactly this time belong to the previous period. */
  since: Date;
  /** Inclusive end. */
  until: Date;
}

/**
 * `histories` holds each item's updates newest first, reaching back at least to the last update at
 * or before `since` (the one that sets `from`). Items with no update in the period are left out.
 * Newest change first.
 */
export function netChanges(
  items: readonly PlanItem[],
  histories: ReadonlyMap<string, readonly StatusUpdate[]>,
  period: NetChangePeriod,
): NetChange[] {
  const since = period.since.getTime();
  const until = period.until.getTime();
  const changes: NetChange[] = [];
  for (const item of items) {
    const history = histories.get(item.id) ?? [];
    const inPeriod = history.filter((u) => u.at.getTime() > since && u.at.getTime() <= until);
    const latest = newest(inPeriod);
    if (!latest) continue;
    const before = newest(history.filter((u) => u.at.getTime() <= since));
    const from = before?.status ?? 'not-started';
    changes.push({ item, from, to: latest.status, count: inPeriod.length, latest, unchanged: from === latest.status });
  }
  return changes.sort((a, b) => b.latest.at.getTime() - a.latest.at.getTime() || a.item.id.localeCompare(b.item.id));
}

/** The newest of some updates, whatever order they came in (ties: the later in the list). */
function newest(updates: readonly StatusUpdate[]): StatusUpdate | undefined {
  let best: StatusUpdate | undefined;
  for (const u of updates) if (!best || u.at.getTime() >= best.at.getTime()) best = u;
  return best;
}

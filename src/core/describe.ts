// Wording shared by several commands: agency labels, status lines, item names.
import type { Plan, PlanItem } from './plan/load-plan.js';
import type { Action, Agency } from './plan/plan-schema.js';
import { listJoin } from './resolve-agency.js';
import { STATUS_LABELS, rollUp, type Status } from './status.js';
import type { StatusUpdate } from './store-port.js';
import { shorten } from './shorten.js';
import { formatDateTime } from './time.js';

/** "Ministry of Business, Innovation and Employment (MBIE)", "New Zealand Police". */
export function agencyLabel(agency: Agency): string {
  return agency.name.includes(agency.shortName) ? agency.name : `${agency.name} (${agency.shortName})`;
}

export function coordinatorLabels(plan: Plan, ids: readonly string[]): string {
  return listJoin(ids.map((id) => (plan.agency(id) ? agencyLabel(plan.agency(id)!) : id)));
}

export function coordinatorShortNames(plan: Plan, ids: readonly string[]): string {
  return listJoin(ids.map((id) => plan.agency(id)?.shortName ?? id));
}

export const PRIORITY_TIER_LABEL = { first: 'First priority', second: 'Second priority' } as const;

export function actionHeading(action: Action): string {
  return [`Action ${action.number}`, PRIORITY_TIER_LABEL[action.tier], action.theme].filter(Boolean).join(' · ');
}

export function statusOf(updates: Map<string, StatusUpdate>, itemId: string): Status {
  return updates.get(itemId)?.status ?? 'not-started';
}

export function actionStatus(plan: Plan, action: Action, updates: Map<string, StatusUpdate>): Status {
  const ids = plan.itemIdsOf(action);
  return ids.length === 1 && action.parts.length === 0 ? statusOf(updates, ids[0]!) : rollUp(ids.map((id) => statusOf(updates, id)));
}

/** "By Jane Smith (Police), Thu 26 Nov 2026, 9:05 am". */
export function updatedBy(update: StatusUpdate, plan: Plan, timeZone: string): string {
  const agency = update.by.agencies.map((id) => plan.agency(id)?.shortName ?? id).join(', ');
  return `${update.by.displayName}${agency ? ` (${agency})` : ''}, ${formatDateTime(update.at, timeZone)}`;
}

/** "On track — Team recruited (Jane Smith (Police), Thu 26 Nov 2026, 9:05 am)" or "Not started (no updates yet)". */
export function statusLine(update: StatusUpdate | undefined, plan: Plan, timeZone: string): string {
  if (!update) return `${STATUS_LABELS['not-started']} (no updates yet)`;
  const note = update.note ? ` — ${update.note}` : '';
  return `${STATUS_LABELS[update.status]}${note} (${updatedBy(update, plan, timeZone)})`;
}

/** One-line summary of an item for lists: "13b — Review the ability to accept cash…" (cut between words). */
export function itemSummary(item: PlanItem, max = 110): string {
  return `${item.id} — ${shorten(item.title ?? item.text, max)}`;
}

export function partCount(n: number): string {
  return ['no', 'one', 'two', 'three', 'four', 'five', 'six'][n] ?? String(n);
}

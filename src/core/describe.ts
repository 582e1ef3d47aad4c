// Wording shared by several commands: agency labels, status lines, item names.
import type { Plan, PlanItem } from './plan/plan.js';
import type { Action, Agency } from './plan/plan-schema.js';
import { listJoin } from './resolve-agency.js';
import { STATUS_LABELS, effectiveStatus, rollUp, statusLabel, type Status } from './status.js';
import type { StatusUpdate } from './store-port.js';
import { shorten } from './shorten.js';
import { formatDateTime } from './time.js';

/** How agencies are named: English only (the default), or English first with the Māori name. */
export type AgencyNaming = 'english' | 'bilingual';

// Set once per plan by the engine (AGENCY_NAMES), so every label of that plan agrees without each
// caller passing it along.
const namingOfPlan = new WeakMap<Plan, AgencyNaming>();

export function useAgencyNaming(plan: Plan, naming: AgencyNaming): void {
  namingOfPlan.set(plan, naming);
}

export function agencyNamingOf(plan: Plan): AgencyNaming {
  return namingOfPlan.get(plan) ?? 'english';
}

/**
 * "Ministry of Business, Innovation and Employment (MBIE)", "New Zealand Police"; bilingual:
 * "Inland Revenue (Te Tari Taake)", "Ministry of Business, Innovation and Employment (MBIE; Hīkina Whakatutuki)".
 */
export function agencyLabel(agency: Agency, naming: AgencyNaming = 'english'): string {
  const english = agency.name.includes(agency.shortName) ? agency.name : `${agency.name} (${agency.shortName})`;
  const maori = agency.maoriNames?.[0]?.name;
  if (naming !== 'bilingual' || !maori) return english;
  return english.endsWith(')') ? `${english.slice(0, -1)}; ${maori})` : `${english} (${maori})`;
}

/** "Police", or "Police (Ngā Pirihimana o Aotearoa)" when bilingual. */
export function agencyShortLabel(agency: Agency, naming: AgencyNaming = 'english'): string {
  const maori = agency.maoriNames?.[0]?.name;
  return naming === 'bilingual' && maori ? `${agency.shortName} (${maori})` : agency.shortName;
}

export function coordinatorLabels(plan: Plan, ids: readonly string[]): string {
  const naming = agencyNamingOf(plan);
  return listJoin(ids.map((id) => (plan.agency(id) ? agencyLabel(plan.agency(id)!, naming) : id)));
}

export function coordinatorShortNames(plan: Plan, ids: readonly string[]): string {
  return listJoin(ids.map((id) => plan.agency(id)?.shortName ?? id));
}

export const PRIORITY_TIER_LABEL = { first: 'First priority', second: 'Second priority' } as const;

export function actionHeading(action: Action): string {
  return [`Action ${action.number}`, PRIORITY_TIER_LABEL[action.tier], action.theme].filter(Boolean).join(' · ');
}

/** The status counts, filters and roll-ups use (complete awaiting sign-off counts as on track). */
export function statusOf(updates: Map<string, StatusUpdate>, itemId: string): Status {
  return effectiveStatus(updates.get(itemId));
}

/** The status as people read it ("Complete (awaiting sign-off)"). */
export function labelOf(updates: Map<string, StatusUpdate>, itemId: string): string {
  return statusLabel(updates.get(itemId));
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
  return `${statusLabel(update)}${note} (${updatedBy(update, plan, timeZone)})`;
}

/** One-line summary of an item for lists: "13b — Review the ability to accept cash…" (cut between words). */
export function itemSummary(item: PlanItem, max = 110): string {
  return `${item.id} — ${shorten(item.title ?? item.text, max)}`;
}

export function partCount(n: number): string {
  return ['no', 'one', 'two', 'three', 'four', 'five', 'six'][n] ?? String(n);
}

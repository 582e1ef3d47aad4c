// Agencies by short name, as the pages list them ("Police and Customs").
import type { Plan } from '../../core/plan/plan.js';
import { listJoin } from '../../core/resolve-agency.js';

export function describeAgencies(plan: Plan, ids: readonly string[]): string {
  return listJoin(ids.map((id) => plan.agency(id)?.shortName ?? id));
}

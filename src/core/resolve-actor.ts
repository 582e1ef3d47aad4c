// From a verified identity to an actor: agencies by email domain, adjusted by
// stewards' grants and revocations (latest change per agency wins).
import type { Actor, Identity } from './identity.js';
import { emailDomain } from './identity.js';
import type { Plan } from './plan/plan.js';
import type { PlanStore } from './store-port.js';

export const STEWARD_AGENCY = 'tsoc';

export async function resolveActor(identity: Identity, plan: Plan, store: PlanStore, admins: readonly string[]): Promise<Actor> {
  const email = identity.email?.toLowerCase();
  if (!email) return { ...identity, agencies: [], steward: Boolean(identity.localSteward) };
  const domain = emailDomain(email);
  const agencies = new Set(plan.agencies.filter((a) => a.domains.includes(domain)).map((a) => a.id));
  for (const change of await store.membershipChanges(email)) {
    if (change.effect === 'grant') agencies.add(change.agency);
    else agencies.delete(change.agency);
  }
  const steward = Boolean(identity.localSteward) || admins.includes(email) || agencies.has(STEWARD_AGENCY);
  return { ...identity, email, agencies: [...agencies], steward };
}

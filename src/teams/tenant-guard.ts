// Only the Microsoft 365 tenants named in TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS
// are served (with credentials a list is required; TEAMS_ALLOWED_TENANTS=*
// serves every tenant, knowingly; docs/decisions/0006). Teams puts the tenant in
// conversation.tenantId and in channelData.tenant.id; both must agree.
import type { Activity } from 'botbuilder';
import type { Config } from '../config.js';

export type TenantGuard = (activity: Partial<Activity>) => boolean;

export function allowedTenants(config: Pick<Config, 'TEAMS_TENANT_ID' | 'TEAMS_ALLOWED_TENANTS'>): string[] {
  const ids = [config.TEAMS_TENANT_ID, ...config.TEAMS_ALLOWED_TENANTS].filter((id): id is string => Boolean(id) && id !== '*');
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/** Every tenant id the activity names (lower-cased). */
export function tenantsOf(activity: Partial<Activity>): string[] {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const ids = [activity.conversation?.tenantId, channelData?.tenant?.id].filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/**
 * Whether one tenant id is served: every tenant when the list is empty (TEAMS_ALLOWED_TENANTS=*, or
 * local mode). The board's Entra sign-in asks the same question of a token's `tid`.
 */
export function createTenantCheck(allowed: readonly string[]): (tenantId: string) => boolean {
  if (allowed.length === 0) return () => true;
  const set = new Set(allowed);
  return (tenantId) => set.has(tenantId.toLowerCase());
}

export function createTenantGuard(allowed: readonly string[]): TenantGuard {
  if (allowed.length === 0) return () => true;
  const served = createTenantCheck(allowed);
  return (activity) => {
    const named = tenantsOf(activity);
    // No tenant at all, or any tenant outside the list, is refused.
    return named.length > 0 && named.every(served);
  };
}

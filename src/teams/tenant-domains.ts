// Whose word an email is. In Teams the email comes from the tenant's own
// directory, which that tenant's administrators write. When one tenant is
// served, its administrators are the organisation the bot was set up for; when
// several are, any of them could write "someone@police.govt.nz" for a user of
// theirs. So with more than one tenant an email counts (for an agency, for
// steward rights, for grants) only when its domain is bound to the tenant the
// request came from (TEAMS_TENANT_DOMAINS); otherwise the person may look
// things up and nothing more.
import type { Config } from '../config.js';
import { emailDomain } from '../core/identity.js';
import { allowedTenants } from './tenant-guard.js';

/** Why an email is not used for this request, or undefined when it is. */
export type EmailCheck = (tenantId: string | undefined, email: string) => string | undefined;

type BindingConfig = Pick<Config, 'teams' | 'TEAMS_TENANT_ID' | 'TEAMS_ALLOWED_TENANTS' | 'TEAMS_TENANT_DOMAINS'>;

/** True when the deployment serves more than one tenant, so emails need their domain bound. */
export function servesSeveralTenants(config: BindingConfig): boolean {
  return config.TEAMS_ALLOWED_TENANTS.includes('*') || allowedTenants(config).length > 1;
}

export function emailCheck(config: BindingConfig): EmailCheck | undefined {
  if (!servesSeveralTenants(config)) return undefined;
  const bound = new Map(Object.entries(config.TEAMS_TENANT_DOMAINS).map(([tenant, domains]) => [tenant.toLowerCase(), new Set(domains)]));
  return (tenantId, email) => {
    const domain = emailDomain(email);
    const domains = tenantId ? bound.get(tenantId.toLowerCase()) : undefined;
    if (domains?.has(domain)) return undefined;
    return `this bot serves several Microsoft 365 organisations, and ${domain} is not one of the email domains it trusts your organisation's directory for`;
  };
}

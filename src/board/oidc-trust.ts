// Whose word an OpenID Connect sign-in is, under the same trust as chat
// (docs/decisions/0015, docs/security.md). The ID token's signature, issuer,
// audience, expiry and nonce are the client library's to check; this decides
// whether the person it names is someone the bot would name in chat:
// - Entra: the token's tenant (`tid`) must be one the bot serves for Teams,
//   and its email must pass Teams' tenant/domain binding (with several tenants
//   served, only a domain bound to that tenant counts). Entra may send no
//   `email_verified`: the tenant's directory vouches for it, as in Teams.
// - Slack: the workspace (`https://slack.com/team_id`) must be the bot's own,
//   and `email_verified` must be true, as chat needs `is_email_confirmed`.
// A refusal signs nobody in; its reason is in our words, never the provider's.
import type { Config, OidcKind } from '../config.js';
import type { Identity } from '../core/identity.js';
import { emailCheck, type EmailCheck } from '../teams/tenant-domains.js';
import { allowedTenants, createTenantCheck } from '../teams/tenant-guard.js';

export type Claims = Record<string, unknown>;

export type TrustPolicy =
  | { kind: 'entra'; servesTenant: (tenantId: string) => boolean; checkEmail?: EmailCheck }
  | { kind: 'slack'; teamId: string };

export type Trusted = { ok: true; identity: Identity } | { ok: false; reason: string };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The policy of a configuration, built from the same functions the Teams surface uses. */
export function trustPolicy(kind: OidcKind, config: Config): TrustPolicy {
  if (kind === 'slack') return { kind, teamId: config.SLACK_TEAM_ID ?? '' };
  const checkEmail = emailCheck(config);
  return { kind, servesTenant: createTenantCheck(allowedTenants(config)), ...(checkEmail ? { checkEmail } : {}) };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function refused(reason: string): Trusted {
  return { ok: false, reason };
}

export function trustClaims(policy: TrustPolicy, claims: Claims): Trusted {
  // A provider that says outright the address is not verified is never taken at its word.
  if (claims.email_verified === false || claims.email_verified === 'false') return refused('your sign-in says your email address is not verified');
  return policy.kind === 'entra' ? trustEntra(policy, claims) : trustSlack(policy, claims);
}

function trustEntra(policy: Extract<TrustPolicy, { kind: 'entra' }>, claims: Claims): Trusted {
  const tenant = text(claims.tid)?.toLowerCase();
  if (!tenant || !policy.servesTenant(tenant)) return refused('your Microsoft 365 organisation is not one this board serves');
  // Teams reads the member's `email`, else their userPrincipalName; an ID token names them `email`, `preferred_username`, `upn`.
  const email = [claims.email, claims.preferred_username, claims.upn].map(text).find((e) => e !== undefined && EMAIL.test(e))?.toLowerCase();
  if (!email) return refused('Microsoft gave no email address for you');
  const withheld = policy.checkEmail?.(tenant, email);
  if (withheld) return refused(withheld);
  return { ok: true, identity: { platform: 'teams', userId: text(claims.oid) ?? text(claims.sub) ?? email, displayName: text(claims.name) ?? email, email } };
}

function trustSlack(policy: Extract<TrustPolicy, { kind: 'slack' }>, claims: Claims): Trusted {
  if (!policy.teamId || text(claims['https://slack.com/team_id']) !== policy.teamId) return refused('your Slack workspace is not the one this board serves');
  if (claims.email_verified !== true) return refused('Slack does not say your email address is verified');
  const email = text(claims.email)?.toLowerCase();
  if (!email || !EMAIL.test(email)) return refused('Slack gave no email address for you');
  const userId = text(claims['https://slack.com/user_id']) ?? text(claims.sub) ?? email;
  return { ok: true, identity: { platform: 'slack', userId, displayName: text(claims.name) ?? email, email } };
}

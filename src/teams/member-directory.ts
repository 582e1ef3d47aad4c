// Teams user → verified email, through the conversation's member list on the
// Bot Framework connector (TeamsInfo.getMember: `email`, else
// `userPrincipalName`), cached so a busy channel costs one look-up per person
// per expiry. Failures are not cached: the next message asks again.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../core/logger.js';
import { ExpiringCache } from '../lib/expiring-cache.js';
import type { EmailCheck } from './tenant-domains.js';

export interface TeamsMember {
  displayName?: string;
  /** Lower-cased; absent when Teams gave none (a guest without one, a bot). */
  email?: string;
  /** Teams could not be asked (connector down, throttled): nothing is known, not "no email". */
  lookupFailed?: boolean;
  /** Teams gave an email this bot does not take the tenant's word for (why, in words for the person). */
  emailWithheld?: string;
}

export interface MemberDirectoryOptions {
  logger: Logger;
  /** How long a found email is trusted (default 15 minutes). */
  ttlMs?: number;
  /** How long "Teams has no email for this person" is remembered (default 2 minutes). */
  missingTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Whether the request's tenant may vouch for an email (several tenants served: its domain must be bound). */
  checkEmail?: EmailCheck;
}

/** How a member is fetched; the default asks the connector of the turn. */
export type MemberFetch = (context: TurnContext, userId: string) => Promise<{ name?: string; email?: string; userPrincipalName?: string }>;

const viaConnector: MemberFetch = (context, userId) => TeamsInfo.getMember(context, userId);

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export class MemberDirectory {
  private readonly cache: ExpiringCache<TeamsMember>;
  private readonly ttlMs: number;
  private readonly missingTtlMs: number;
  /** Connector look-ups made (for tests and logs). */
  lookups = 0;

  constructor(private readonly options: MemberDirectoryOptions, private readonly fetch: MemberFetch = viaConnector) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.missingTtlMs = options.missingTtlMs ?? 2 * 60_000;
    this.cache = new ExpiringCache(options.maxEntries ?? 10_000, options.now ?? Date.now);
  }

  private key(context: TurnContext, userId: string): string {
    const tenant = context.activity.conversation?.tenantId ?? '';
    return `${tenant}|${userId}`;
  }

  /** The member behind a Teams user id (the `29:…` id or the AAD object id), in this turn's conversation. */
  async member(context: TurnContext, userId: string): Promise<TeamsMember> {
    const key = this.key(context, userId);
    const hit = this.cache.get(key);
    if (hit) return hit;
    this.lookups += 1;
    let found: Awaited<ReturnType<MemberFetch>>;
    try {
      found = await this.fetch(context, userId);
    } catch (err) {
      this.options.logger.warn('teams member look-up failed', { user: userId, error: err });
      return { lookupFailed: true };
    }
    const candidate = (found.email || found.userPrincipalName || '').trim().toLowerCase();
    let email = EMAIL.test(candidate) ? candidate : undefined;
    const withheld = email ? this.options.checkEmail?.(context.activity.conversation?.tenantId, email) : undefined;
    if (withheld) {
      this.options.logger.info('teams email not used: its domain is not bound to the tenant', { user: userId, tenant: context.activity.conversation?.tenantId });
      email = undefined;
    }
    const member: TeamsMember = { ...(found.name ? { displayName: found.name } : {}), ...(email ? { email } : {}), ...(withheld ? { emailWithheld: withheld } : {}) };
    this.cache.set(key, member, email ? this.ttlMs : this.missingTtlMs);
    return member;
  }
}

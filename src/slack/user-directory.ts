// Slack user → verified email and display name, through users.info (scope
// users:read.email), cached so a busy channel costs one look-up per person per
// expiry. Failures are not cached: the next request asks Slack again.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../core/logger.js';
import type { LookedUpIdentity } from '../core/run-command.js';
import { ExpiringCache } from '../lib/expiring-cache.js';

export interface SlackUser {
  userId: string;
  displayName: string;
  /** Lower-cased; absent when Slack gave none (no users:read.email, a bot, an unverified guest). */
  email?: string;
  /** Set when Slack could not be asked (network, rate limit): nothing is known, not "no email". */
  lookupFailed?: boolean;
  /** Slack gave an email the bot does not rely on (why, in words for the person). */
  emailWithheld?: string;
}

export interface UserDirectoryOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** How long a found email is trusted (default 15 minutes). */
  ttlMs?: number;
  /** How long "Slack has no email for this person" is remembered (default 2 minutes). */
  missingTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface UsersInfoUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  /** false until the person has confirmed the address: anyone could have typed it. */
  is_email_confirmed?: boolean;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

export class UserDirectory {
  private readonly cache: ExpiringCache<SlackUser>;
  private readonly pending = new Map<string, Promise<SlackUser>>();
  private readonly ttlMs: number;
  private readonly missingTtlMs: number;
  /** users.info calls made (for tests and logs). */
  lookups = 0;

  constructor(private readonly options: UserDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.missingTtlMs = options.missingTtlMs ?? 2 * 60_000;
    this.cache = new ExpiringCache(options.maxEntries ?? 10_000, options.now ?? Date.now);
  }

  /** The person behind a Slack user id; `fallbackName` is used when Slack gives no name. */
  async user(userId: string, fallbackName?: string): Promise<SlackUser> {
    const hit = this.cache.get(userId);
    if (hit) return hit;
    let call = this.pending.get(userId);
    if (!call) {
      call = this.fetch(userId, fallbackName).finally(() => this.pending.delete(userId));
      this.pending.set(userId, call);
    }
    return call;
  }

  async identity(userId: string, fallbackName?: string): Promise<LookedUpIdentity> {
    const u = await this.user(userId, fallbackName);
    return {
      platform: 'slack',
      userId: u.userId,
      displayName: u.displayName,
      ...(u.email ? { email: u.email } : {}),
      ...(u.lookupFailed ? { lookupFailed: true } : {}),
      ...(u.emailWithheld ? { emailWithheld: u.emailWithheld } : {}),
    };
  }

  /** Email of a mention as Slack escapes it (`<@U123>` or `<@U123|jane>`); undefined when unknown. */
  async emailOfMention(mention: string): Promise<string | undefined> {
    const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(mention.trim());
    if (!m) return undefined;
    return (await this.user(m[1]!)).email;
  }

  private async fetch(userId: string, fallbackName?: string): Promise<SlackUser> {
    this.lookups += 1;
    let info: UsersInfoUser | undefined;
    try {
      const res = await this.options.client.users.info({ user: userId });
      info = res.user as UsersInfoUser | undefined;
    } catch (err) {
      this.options.logger.warn('slack users.info failed', { user: userId, error: err });
      const user: SlackUser = { userId, displayName: fallbackName || userId };
      // Slack answered "no" (user_not_found, missing_scope…): a fact about this person, not a hiccup.
      if ((err as { code?: string }).code === 'slack_webapi_platform_error') {
        this.cache.set(userId, user, this.missingTtlMs);
        return user;
      }
      return { ...user, lookupFailed: true };
    }
    let email = info && !info.deleted && !info.is_bot ? info.profile?.email?.trim().toLowerCase() : undefined;
    // An unconfirmed address is only what the person typed: it gives no agency and no steward rights.
    const withheld = email && info?.is_email_confirmed === false ? 'Slack says your email address is not confirmed yet' : undefined;
    if (withheld) email = undefined;
    const displayName = info?.profile?.real_name || info?.real_name || info?.profile?.display_name || info?.name || fallbackName || userId;
    const user: SlackUser = { userId, displayName, ...(email ? { email } : {}), ...(withheld ? { emailWithheld: withheld } : {}) };
    this.cache.set(userId, user, email ? this.ttlMs : this.missingTtlMs);
    return user;
  }
}

// The Microsoft Teams surface: POST /api/messages on the bot's server, the
// teams-ai Application behind it, and a Notifier for digests and nudges.
// With TEAMS_APP_ID/TEAMS_APP_PASSWORD every request's Bot Framework token is
// validated; with TEAMS_LOCAL_MODE=true (the Agents Playground) only direct
// JSON requests from this machine are accepted; with neither the surface is
// off and /api/messages does not exist (404).
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { SurfaceDeps, SurfaceFactory } from '../app/surface.js';
import { createTeamsAdapter, type AuthOverrides, type CredentialsFactory } from './adapter.js';
import { createApplication } from './teams-application.js';
import type { TeamsContext } from './context.js';
import { conversationKey, type ConversationPort } from './conversation-port.js';
import { botWasAdded } from './handlers/installation.js';
import { MemberDirectory, type MemberFetch } from './member-directory.js';
import { messagesHandler } from './messages-route.js';
import { TeamsNotifier } from './teams-notifier.js';
import { tenantRefusal } from './replies.js';
import { sendReply } from './send-reply.js';
import { serviceUrlPolicy } from './service-urls.js';
import { emailCheck } from './tenant-domains.js';
import { allowedTenants, createTenantGuard, tenantsOf } from './tenant-guard.js';
import type { RetryOptions } from './throttle.js';

export const MESSAGES_PATH = '/api/messages';

/** Things a deployment (or a test) may swap; every one has a production default. */
export interface TeamsSurfaceOptions {
  /** Extra Bot Framework authentication settings (e.g. a sovereign cloud's OpenID metadata URL). */
  auth?: AuthOverrides;
  /** The bot's own outbound token (a test's stand-in for Microsoft's login service). */
  credentials?: CredentialsFactory;
  /** How replies retry a throttled connector (waits, budget). */
  retry?: RetryOptions;
  memberFetch?: MemberFetch;
  memberTtlMs?: number;
  now?: () => Date;
}

/** A factory for the Teams surface with `options` swapped in; undefined when Teams is not configured. */
export function teamsSurfaceWith(options: TeamsSurfaceOptions = {}): SurfaceFactory {
  return async (deps: SurfaceDeps) => {
    const { config, logger } = deps;
    const mode = config.teams.mode;
    if (mode === 'off') {
      logger.info('teams: off — set TEAMS_APP_ID and TEAMS_APP_PASSWORD (or TEAMS_LOCAL_MODE=true for the Agents Playground) to serve /api/messages', { path: MESSAGES_PATH });
      return undefined;
    }
    const botAppId = config.TEAMS_APP_ID ?? '';
    const serviceUrls = serviceUrlPolicy(config);
    const adapter = createTeamsAdapter(config, {
      serviceUrls,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    const checkEmail = emailCheck(config);
    const conversations = deps.teams.conversations;
    await conversations.ensureIndexes();
    await mergeThreadKeyed(deps, conversations, logger, (options.now ?? (() => new Date()))());
    const now = options.now ?? (() => new Date());
    const ctx: TeamsContext = {
      engine: deps.engine,
      logger,
      members: new MemberDirectory({
        logger,
        ...(options.memberTtlMs !== undefined ? { ttlMs: options.memberTtlMs } : {}),
        ...(checkEmail ? { checkEmail } : {}),
      }, options.memberFetch),
      conversations,
      now,
      newCardId: () => randomUUID(),
      retry: options.retry ?? {},
      knownConversations: new Set(),
    };
    const notifier = new TeamsNotifier({ adapter, botAppId, conversations, logger, newCardId: ctx.newCardId, now, plan: deps.plan });
    ctx.direct = (userId, reply) => notifier.sendDirect(userId, reply);
    const app = createApplication(adapter, botAppId, ctx);
    const tenants = allowedTenants(config);
    const servesTenant = createTenantGuard(tenants);

    // Last resort: handlers answer their own errors, so this is a bug or a broken connector.
    adapter.onTurnError = async (turn: TurnContext, error: Error) => {
      logger.error('teams turn failed', { type: turn.activity?.type, conversation: turn.activity?.conversation?.id, error });
    };

    async function logic(turn: TurnContext): Promise<void> {
      if (!servesTenant(turn.activity)) {
        logger.warn('teams request from a tenant not served', { tenants: tenantsOf(turn.activity), type: turn.activity.type });
        // A person who wrote, or an installer, hears why; no engine, no look-up, nothing stored.
        if (turn.activity.type === 'message' || botWasAdded(turn)) await sendReply(ctx, turn, tenantRefusal());
        return;
      }
      await app.run(turn);
    }

    if (mode === 'local') {
      logger.info('teams: local mode (TEAMS_LOCAL_MODE=true) — /api/messages accepts JSON requests made directly from this machine only, without authentication', { path: MESSAGES_PATH, serviceUrls: serviceUrls.describe });
    } else {
      logger.info('teams: authenticated mode — every request to /api/messages must carry a valid Bot Framework token', {
        path: MESSAGES_PATH, appId: botAppId, appType: config.TEAMS_TENANT_ID ? 'SingleTenant' : 'MultiTenant', serviceUrls: serviceUrls.describe,
      });
    }
    if (tenants.length) logger.info('teams: tenant guard on', { tenants });
    else if (config.TEAMS_ALLOWED_TENANTS.includes('*')) logger.warn('teams: every Microsoft 365 tenant is served (TEAMS_ALLOWED_TENANTS=*)');
    if (checkEmail) logger.info('teams: several tenants served — an email counts only when its domain is bound to the tenant (TEAMS_TENANT_DOMAINS)', { bound: config.TEAMS_TENANT_DOMAINS });

    return {
      name: 'teams',
      routes: [{ method: 'POST', path: MESSAGES_PATH, handler: messagesHandler({ mode, adapter, serviceUrls, logic, logger }) }],
      notifier,
    };
  };
}

/**
 * A channel is one conversation: references and subscriptions that earlier versions stored per
 * thread are merged into one per channel (every instance may do it at once; see the two merges).
 * A failure is logged and the merge is tried again at the next start.
 */
async function mergeThreadKeyed(deps: Pick<SurfaceDeps, 'teams'>, conversations: ConversationPort, logger: SurfaceDeps['logger'], now: Date): Promise<void> {
  try {
    await conversations.mergeThreads(logger);
    await deps.teams.mergeSubscriptions(conversationKey, now, logger);
  } catch (err) {
    logger.warn('teams: thread-keyed conversations not merged yet; retried at the next start', { error: err });
  }
}

/** The Teams surface with production defaults, for the composition root. */
export const teamsSurface: SurfaceFactory = teamsSurfaceWith();

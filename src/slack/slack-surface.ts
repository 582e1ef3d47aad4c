// The Slack surface: one Bolt app, over HTTP at POST /slack/events on the
// bot's own server (signatures verified by Bolt's HTTPReceiver), or over
// Socket Mode when SLACK_APP_TOKEN is set. Web API calls go to SLACK_API_URL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Surface, SurfaceDeps, SurfaceFactory } from '../app/surface.js';
import { boltLogger } from './bolt-logger.js';
import { nullBodyStatus, parsesToNull } from './body-guard.js';
import type { SlackContext } from './context.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerConversation } from './listeners/conversation.js';
import { registerSlashCommand } from './listeners/slash-command.js';
import { registerUpdateModal } from './listeners/update-modal.js';
import { SlackNotifier } from './slack-notifier.js';
import { UserDirectory } from './user-directory.js';
import { within } from './within.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Slack's payloads are a few kilobytes (a modal's state at most tens). The body is held in memory
 * before its signature can be checked, so anyone may make the bot hold this much per connection.
 */
export const MAX_SLACK_BODY_BYTES = 128 * 1024;

/** Slack sends its whole body at once; one still arriving after this long is not Slack. */
export const SLACK_BODY_TIMEOUT_MS = 10_000;

type BodyRead = { body: Buffer } | { refused: 413 | 408 };

/**
 * Reads the body up to `limit` bytes within `timeoutMs`. Bolt would read it without a limit before
 * checking the signature; given `rawBody`, it verifies these bytes instead of reading again.
 */
function readLimited(req: IncomingMessage, limit: number, timeoutMs: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ refused: 408 }), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ refused: 413 });
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish({ body: Buffer.concat(chunks) }));
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Answers and closes the connection at once: the rest of the body is neither read nor waited for. */
function cutOff(req: IncomingMessage, res: ServerResponse, status: 413 | 408): void {
  res.writeHead(status, { connection: 'close', 'content-type': 'text/plain' });
  res.end(status === 413 ? 'request too large' : 'request body too slow', () => req.socket.destroy());
}

async function slackRequest(receiver: HTTPReceiver, signingSecret: string, req: IncomingMessage, res: ServerResponse, bodyTimeoutMs: number): Promise<void> {
  // When the request reached the bot: the acknowledgement budget counts from here (within.ts).
  const receivedAt = Date.now();
  const declared = Number(req.headers['content-length'] ?? 0);
  const read = declared > MAX_SLACK_BODY_BYTES ? { refused: 413 as const } : await readLimited(req, MAX_SLACK_BODY_BYTES, bodyTimeoutMs);
  if ('refused' in read) return cutOff(req, res, read.refused);
  const body = read.body;
  if (parsesToNull(body, req.headers['content-type'])) {
    res.writeHead(nullBodyStatus(req, body, signingSecret));
    res.end();
    return;
  }
  Object.assign(req, { rawBody: body, receivedAt });
  receiver.requestListener(req, res);
}

export interface SlackSurfaceOptions {
  /**
   * Default 2,000 ms from the request's arrival: Slack's 3 s less a margin for the network and for
   * the event loop of a busy process, which can be late to see a request and to send its answer
   * (the load suite on 2 cores saw an acknowledgement 504 ms after a 2,500 ms budget ran out).
   */
  ackBudgetMs?: number;
  /** users.info cache lifetime (default 15 minutes). */
  identityTtlMs?: number;
  /** How long start() waits for the Socket Mode connection before carrying on (default 15 s). */
  socketConnectWaitMs?: number;
  /** How long a request body may take to arrive (default SLACK_BODY_TIMEOUT_MS). */
  bodyTimeoutMs?: number;
  /** How often old event claims are pruned (default hourly) and how old they must be (default a day). */
  claimPruneEveryMs?: number;
  claimMaxAgeMs?: number;
}

export interface SlackSurface extends Surface {
  app: App;
  mode: 'http' | 'socket';
  users: UserDirectory;
  botUserId: string;
}

/** Builds the Slack surface from its configuration; undefined when Slack is not configured. */
export async function buildSlackSurface(deps: SurfaceDeps, options: SlackSurfaceOptions = {}): Promise<SlackSurface | undefined> {
  const { config, logger } = deps;
  const mode = config.slack.mode;
  if (mode === 'off' || !config.SLACK_BOT_TOKEN) {
    logger.info('slack: off — set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to serve Slack');
    return undefined;
  }
  const log = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    logger: log,
    // Bolt's default client pauses its whole queue on a 429, stalling every channel: reject per call instead.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };
  const api = new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions);
  const announcer = new webApi.WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, retryConfig: { retries: 0 } });

  // One auth.test at start: a wrong token stops the start with a clear message, and Bolt
  // is given the bot's ids (without them, and token verification off, it calls auth.test per request).
  let auth: { user_id?: string; bot_id?: string; team?: string; team_id?: string };
  try {
    auth = await api.auth.test();
  } catch (err) {
    throw new Error(`Slack: auth.test at ${config.SLACK_API_URL} failed (${(err as Error).message}); check SLACK_BOT_TOKEN and SLACK_API_URL`);
  }
  if (!auth.user_id) throw new Error('Slack: auth.test returned no bot user id; SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  // The board's Slack sign-ins count only from SLACK_TEAM_ID: it must be the workspace chat answers in.
  if (config.SLACK_TEAM_ID && auth.team_id !== config.SLACK_TEAM_ID)
    throw new Error(`Slack: SLACK_TEAM_ID is ${config.SLACK_TEAM_ID}, but SLACK_BOT_TOKEN belongs to workspace ${auth.team_id ?? '(none named)'}; set SLACK_TEAM_ID to the bot's own workspace`);

  let receiver: Receiver;
  let http: HTTPReceiver | undefined;
  if (mode === 'http') {
    http = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: SLACK_EVENTS_PATH,
      logger: log,
      // Listeners see when the request arrived (context.receivedAt), for what is left of Slack's 3 s.
      customPropertiesExtractor: (req) => {
        const { receivedAt } = req as { receivedAt?: unknown };
        return typeof receivedAt === 'number' ? { receivedAt } : {};
      },
      // A listener that fails after acknowledging has already answered; one that fails before
      // gets an empty 200 rather than a 500 that Slack shows as an error (never a 5xx: docs/decisions/0009).
      processEventErrorHandler: async ({ error, response }) => {
        logger.error('slack listener failed', { error });
        if (!response.headersSent) {
          response.writeHead(200);
          response.end();
        }
        return true;
      },
    });
    receiver = http;
  } else {
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN!,
      logger: log,
      installerOptions: { clientOptions: { slackApiUrl: config.SLACK_API_URL } },
    });
  }
  const app = new App({
    receiver,
    token: config.SLACK_BOT_TOKEN,
    botUserId: auth.user_id,
    ...(auth.bot_id ? { botId: auth.bot_id } : {}),
    tokenVerificationEnabled: false,
    // Bolt's per-conversation state store is unused here; off, it costs no work per request.
    convoStore: false,
    logger: log,
    clientOptions,
  });
  app.error(async (error) => logger.error('slack app error', { error }));

  const users = new UserDirectory({ client: api, logger, ...(options.identityTtlMs ? { ttlMs: options.identityTtlMs } : {}) });
  const claims = deps.slack.eventClaims;
  const ctx: SlackContext = {
    engine: deps.engine,
    plan: deps.plan,
    store: deps.store,
    logger,
    timeZone: config.PLAN_TIMEZONE,
    users,
    api,
    announcer,
    claims,
    botUserId: auth.user_id,
    ackBudgetMs: options.ackBudgetMs ?? 2000,
  };
  registerSlashCommand(app, ctx);
  registerConversation(app, ctx);
  registerUpdateModal(app, ctx);
  registerAppHome(app, ctx);
  logger.info('slack', { mode, team: auth.team, botUserId: auth.user_id, api: config.SLACK_API_URL });

  let pruning: NodeJS.Timeout | undefined;
  const routes = http
    ? [{ method: 'POST' as const, path: SLACK_EVENTS_PATH, handler: (req: IncomingMessage, res: ServerResponse) => slackRequest(http, config.SLACK_SIGNING_SECRET!, req, res, options.bodyTimeoutMs ?? SLACK_BODY_TIMEOUT_MS) }]
    : [];
  return {
    name: 'slack',
    // Digests and nudges: no retries inside the client, so the scheduler's per-channel pacing decides.
    notifier: new SlackNotifier(announcer),
    app,
    mode,
    users,
    botUserId: auth.user_id,
    routes,
    async start() {
      // Claims only matter for Slack's retries (minutes): pruned at start and then on a timer, so the collection stays small.
      const maxAge = options.claimMaxAgeMs ?? 24 * 3600_000;
      await claims.prune(new Date(Date.now() - maxAge));
      pruning = setInterval(() => void claims.prune(new Date(Date.now() - maxAge)), options.claimPruneEveryMs ?? 3600_000);
      pruning.unref();
      if (mode !== 'socket') return;
      const connecting = app.start();
      const connected = await within(connecting, options.socketConnectWaitMs ?? 15_000);
      if (!connected.done) {
        logger.warn('slack socket mode is still connecting; it carries on in the background');
        connecting.catch((err: unknown) => logger.error('slack socket mode could not connect', { error: err }));
      }
    },
    async stop() {
      clearInterval(pruning);
      if (mode === 'socket') await app.stop().catch((err: unknown) => logger.warn('slack socket mode stop failed', { error: err }));
    },
  };
}

/** A factory for the Slack surface with `options` swapped in (tests); same shape as teamsSurfaceWith. */
export function slackSurfaceWith(options: SlackSurfaceOptions = {}): SurfaceFactory {
  return (deps) => buildSlackSurface(deps, options);
}

/** The Slack surface with production defaults, for the composition root: `surfaces: [slackSurface]`. */
export const slackSurface: SurfaceFactory = slackSurfaceWith();

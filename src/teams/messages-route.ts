// POST /api/messages: the Bot Framework's door into the bot. Everything here
// happens before any turn runs (no engine, no member look-up, no stored
// conversation reference), so an activity that fails a check leaves no trace.
// Local mode (TEAMS_LOCAL_MODE=true) lets in only a program on this machine
// talking to the bot directly, about a connector on this machine. Authenticated
// mode turns away a request without a bearer token at once, then requires the
// activity's serviceUrl to be an allowed Bot Framework host and the token to be
// valid (signature, issuer, audience = TEAMS_APP_ID) for that same serviceUrl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../core/logger.js';
import { sendJson, type RouteHandler } from '../server/http-server.js';
import type { BotAdapter } from './adapter.js';
import { BodyError, readJsonObject, toActivity } from './http-bridge.js';
import { localModeRefusal } from './loopback.js';
import type { ServiceUrlPolicy } from './service-urls.js';

export interface MessagesRouteOptions {
  mode: 'local' | 'authenticated';
  adapter: BotAdapter;
  serviceUrls: ServiceUrlPolicy;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  req.resume(); // the body is not wanted; drain it so the connection can be reused
  sendJson(res, status, { error });
}

function isAuthenticationError(err: unknown): boolean {
  const e = err as { name?: unknown; statusCode?: unknown } | undefined;
  return e?.name === 'AuthenticationError' || e?.statusCode === 401;
}

/** The serviceurl claim of a validated token (Bot Framework channel tokens always carry one). */
function serviceUrlClaim(authentication: Awaited<ReturnType<BotAdapter['authenticate']>>): string | undefined {
  const value = authentication.claimsIdentity?.getClaimValue('serviceurl');
  return typeof value === 'string' ? value : undefined;
}

export function messagesHandler(options: MessagesRouteOptions): RouteHandler {
  const { mode, adapter, serviceUrls, logic, logger } = options;
  return async (req, res) => {
    if (mode === 'local') {
      const refusal = localModeRefusal(req);
      if (refusal) {
        logger.warn('teams request refused: local mode accepts direct JSON requests from this machine only', { reason: refusal, remote: req.socket.remoteAddress });
        return refuse(req, res, 403, `This bot runs in local mode (TEAMS_LOCAL_MODE): /api/messages accepts JSON requests made directly from this machine only (refused: ${refusal}).`);
      }
    }
    const authorization = (req.headers.authorization ?? '').trim();
    if (mode === 'authenticated' && !/^Bearer\s+\S+$/i.test(authorization)) {
      logger.warn('teams request refused: no bearer token', { remote: req.socket.remoteAddress });
      return refuse(req, res, 401, 'A Bot Framework bearer token is required.');
    }
    let activity;
    try {
      activity = toActivity(await readJsonObject(req));
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      logger.warn('teams request refused: bad body', { error: err.message });
      return sendJson(res, err.status, { error: err.message });
    }

    // Replies and the sender's email come from serviceUrl: a caller who chose it would choose who they are.
    if (!serviceUrls.allows(activity.serviceUrl)) {
      logger.warn('teams request refused: serviceUrl not allowed', { serviceUrl: activity.serviceUrl.slice(0, 200), allowed: serviceUrls.describe, remote: req.socket.remoteAddress });
      return sendJson(res, 403, { error: 'The activity\'s serviceUrl is not a Bot Framework service this bot trusts.' });
    }

    let authentication;
    try {
      // Local mode has no credentials to check a token against: any header is ignored, not half-trusted.
      authentication = await adapter.authenticate(activity, mode === 'authenticated' ? authorization : '');
    } catch (err) {
      if (isAuthenticationError(err)) {
        logger.warn('teams request refused: token not valid', { remote: req.socket.remoteAddress, error: err });
        return sendJson(res, 401, { error: 'The Bot Framework token is not valid for this bot.' });
      }
      // e.g. Microsoft's signing keys could not be fetched: not the caller's fault, and worth a retry.
      logger.error('teams request not authenticated: validation failed', { error: err });
      return sendJson(res, 503, { error: 'The token could not be validated just now.' });
    }
    // botbuilder checks the claim for channel tokens; this also covers any other token kind it accepts.
    if (mode === 'authenticated' && serviceUrlClaim(authentication) !== activity.serviceUrl) {
      logger.warn('teams request refused: token not valid', { remote: req.socket.remoteAddress, error: 'serviceurl claim differs from the activity\'s serviceUrl' });
      return sendJson(res, 401, { error: 'The Bot Framework token is not valid for this bot.' });
    }

    const invoke = await adapter.runTurn(authentication, activity, logic);
    // botbuilder answers an invoke no handler took with 501; it asked for something this bot
    // does not offer (task modules, Action.Execute, …), which is the caller's 4xx, not a fault here.
    if (activity.type === 'invoke' && invoke?.status === 501) return sendJson(res, 400, { error: 'This bot does not handle that invoke.' });
    if (invoke?.body !== undefined) return sendJson(res, invoke.status, invoke.body);
    res.writeHead(invoke?.status ?? 200);
    res.end();
  };
}

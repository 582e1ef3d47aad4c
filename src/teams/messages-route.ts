// POST /api/messages: the Bot Framework's door into the bot. Local mode lets
// only this machine in; authenticated mode turns away a request without a
// bearer token at once, then has the token validated (signature, issuer,
// audience = TEAMS_APP_ID, service URL) before any turn runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../core/logger.js';
import { sendJson, type RouteHandler } from '../server/http-server.js';
import type { BotAdapter } from './adapter.js';
import { BodyError, readJsonObject, toActivity } from './http-bridge.js';
import { isLocalRequest } from './loopback.js';

export interface MessagesRouteOptions {
  mode: 'local' | 'authenticated';
  adapter: BotAdapter;
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

export function messagesHandler(options: MessagesRouteOptions): RouteHandler {
  const { mode, adapter, logic, logger } = options;
  return async (req, res) => {
    if (mode === 'local' && !isLocalRequest(req)) {
      logger.warn('teams request refused: local mode accepts loopback callers only', { remote: req.socket.remoteAddress });
      return refuse(req, res, 403, 'This bot runs in local mode (no TEAMS_APP_ID): /api/messages accepts requests from this machine only.');
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

    const invoke = await adapter.runTurn(authentication, activity, logic);
    // botbuilder answers an invoke no handler took with 501; it asked for something this bot
    // does not offer (task modules, Action.Execute, …), which is the caller's 4xx, not a fault here.
    if (activity.type === 'invoke' && invoke?.status === 501) return sendJson(res, 400, { error: 'This bot does not handle that invoke.' });
    if (invoke?.body !== undefined) return sendJson(res, invoke.status, invoke.body);
    res.writeHead(invoke?.status ?? 200);
    res.end();
  };
}

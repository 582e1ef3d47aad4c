// Decorators that report to BotMetrics without the core knowing: the engine's
// answers, the main port's routes, the platforms' deliveries. Each passes
// everything through unchanged.
import type { ServerResponse } from 'node:http';
import type { Engine } from '../core/engine.js';
import type { Notifier } from '../core/notifier.js';
import { RateLimitedError } from '../core/notifier.js';
import { parseCommand } from '../core/parse-command.js';
import type { Reply } from '../core/reply.js';
import { MAX_COMMAND_LENGTH } from '../core/text-input.js';
import type { Route } from '../server/http-server.js';
import type { BotMetrics, Outcome } from './bot-metrics.js';

/** The engine says "cannot tell whether it was saved" only when a write went unconfirmed (StoreUnconfirmedError). */
const CANNOT_TELL = /cannot tell whether it was saved/i;

export function outcomeOf(reply: Reply): Outcome {
  switch (reply.code) {
    case 'ok': return 'ok';
    case 'not-permitted':
    case 'no-identity': return 'refused';
    case 'unavailable': return CANNOT_TELL.test(reply.title) ? 'cannot_tell' : 'unavailable';
    default: return 'bad_input';
  }
}

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;

/** The engine, with every answer counted by surface, command kind and outcome, and timed. */
export function observedEngine(engine: Engine, metrics: BotMetrics): Engine {
  return {
    ...engine,
    plan: engine.plan,
    actor: (identity) => engine.actor(identity),
    async run(text, identity, options) {
      const started = process.hrtime.bigint();
      // A command kind is one of a fixed set of words; the text itself is never a label.
      const command = text.length > MAX_COMMAND_LENGTH ? 'too-long' : parseCommand(text).kind;
      const surface = identity.platform;
      try {
        const reply = await engine.run(text, identity, options);
        metrics.answered({ surface, command, outcome: outcomeOf(reply), seconds: seconds(started) });
        return reply;
      } catch (err) {
        metrics.answered({ surface, command, outcome: 'error', seconds: seconds(started) });
        throw err;
      }
    },
  };
}

/** A route whose requests are counted by path, method and status, and timed to the response's end. */
export function observedRoute(route: Route, metrics: BotMetrics): Route {
  return {
    ...route,
    handler: (req, res: ServerResponse) => {
      const started = process.hrtime.bigint();
      let counted = false;
      const count = () => {
        if (counted) return;
        counted = true;
        metrics.httpRequest({ route: route.path, method: route.method, status: res.statusCode, seconds: seconds(started) });
      };
      // 'finish': the response is sent; 'close' also covers a client that went away first.
      res.once('finish', count).once('close', count);
      return route.handler(req, res);
    },
  };
}

function resultOf(err: unknown): 'rate_limited' | 'failed' {
  return err instanceof RateLimitedError ? 'rate_limited' : 'failed';
}

/** A notifier whose digest posts and direct messages (nudges) are counted by result. */
export function observedNotifier(notifier: Notifier, metrics: BotMetrics): Notifier {
  const count = <T>(kind: 'digest' | 'nudge', call: () => Promise<T>): Promise<T> =>
    call().then(
      (posted) => {
        metrics.delivery({ kind, platform: notifier.platform, result: 'sent' });
        return posted;
      },
      (err: unknown) => {
        metrics.delivery({ kind, platform: notifier.platform, result: resultOf(err) });
        throw err;
      },
    );
  const observed: Notifier = {
    platform: notifier.platform,
    postDigest: (channelId, pages, deliveryKey) => count('digest', () => notifier.postDigest(channelId, pages, deliveryKey)),
    sendDirect: (userId, reply) => count('nudge', () => notifier.sendDirect(userId, reply)),
  };
  if (notifier.findPosted) observed.findPosted = (channelId, deliveryKey, since) => notifier.findPosted!(channelId, deliveryKey, since);
  return observed;
}

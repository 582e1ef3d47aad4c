// The bot's one HTTP server: health and readiness, plus the routes each
// surface mounts (Slack at /slack/events, Teams at /api/messages).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

export interface ServerOptions {
  routes: Route[];
  /** true when the database answers: /readyz reports it. */
  ready: () => Promise<boolean>;
  logger: Logger;
  limits?: Partial<ServerLimits>;
}

/** What one connection may cost: idle or slow sockets are closed, and there are only so many at once. */
export interface ServerLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are closed as they arrive. */
  maxConnections: number;
}

export const SERVER_LIMITS: ServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 512 };

export interface RunningServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createHttpServer(options: ServerOptions): http.Server {
  const routes = [
    { method: 'GET', path: '/healthz', handler: (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const ok = await options.ready();
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
      },
    },
    ...options.routes,
  ];
  const limits = { ...SERVER_LIMITS, ...options.limits };
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // A path ending in /* serves everything under it (the board's pages); a route for the request's method wins.
    const matching = routes.filter((r) => r.path === path || (r.path.endsWith('/*') && path.startsWith(r.path.slice(0, -1))));
    const route = matching.find((r) => r.method === req.method) ?? matching[0];
    if (!route) return sendJson(res, 404, { error: 'not found' });
    if (route.method !== req.method) {
      res.setHeader('allow', route.method);
      return sendJson(res, 405, { error: `use ${route.method}` });
    }
    Promise.resolve(route.handler(req, res)).catch((err: unknown) => {
      options.logger.error('request failed', { path, error: err });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  server.maxConnections = limits.maxConnections;
  return server;
}

export async function listen(server: http.Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      }),
  };
}

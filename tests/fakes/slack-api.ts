// A local stand-in for Slack on 127.0.0.1: the Web API methods the bot calls
// (auth.test, users.info, chat.postMessage, views.*, apps.connections.open),
// response_url endpoints, and a Socket Mode WebSocket server. It records
// every call so tests can assert on exactly what the bot sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeUser {
  id: string;
  realName: string;
  email?: string;
  /** users.info's is_email_confirmed (default true): false for a person who has not confirmed the address. */
  emailConfirmed?: boolean;
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  token?: string;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

/** How a method should fail: an HTTP 429 with Retry-After, or Slack's { ok: false, error }. */
export type Failure = { status: 429; retryAfter: number } | { error: string };

export interface FakeSlack {
  apiUrl: string;
  /** A response_url for one request; posts to it are recorded under `id`. */
  responseUrl(id: string): string;
  users: Map<string, FakeUser>;
  calls: ApiCall[];
  responses: ResponseUrlPost[];
  /** Resolves with the first post to responseUrl(id) (benchmarks; no polling). */
  nextResponse(id: string): Promise<ResponseUrlPost>;
  failures: Map<string, Failure>;
  /** Delay added before answering a method (ms). */
  delays: Map<string, number>;
  callsTo(method: string): ApiCall[];
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Socket Mode: the bot's current connection, once it has connected. */
  socket(): WebSocket | undefined;
  /** Sends a Socket Mode envelope and resolves with the bot's acknowledgement payload. */
  sendEnvelope(envelope: { type: string; payload: unknown; accepts_response_payload?: boolean; retry_attempt?: number }): Promise<Record<string, unknown>>;
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The WebClient sends form fields with JSON-encoded nested values (blocks, view). */
function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseQuery(body))) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[k] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[k] = value;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const users = new Map<string, FakeUser>();
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const responseWaiters = new Map<string, (post: ResponseUrlPost) => void>();
  const failures = new Map<string, Failure>();
  const delays = new Map<string, number>();
  let lastTs = 0;
  /** Messages posted per channel, as conversations.history returns them. */
  const posted = new Map<string, { ts: string; text: unknown; metadata?: unknown }[]>();
  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, Date.now() * 1000); // microseconds, always increasing
    return `${Math.floor(lastTs / 1e6)}.${String(lastTs % 1e6).padStart(6, '0')}`;
  };
  let base = '';
  let socket: WebSocket | undefined;
  const acks = new Map<string, (payload: Record<string, unknown>) => void>();
  let envelopes = 0;

  function answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://tsoc-test.slack.com/', team: 'TSOC Test', team_id: 'T0TSOC', user: 'tsoc', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'users.info': {
        const u = users.get(String(params.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        const profile: Record<string, unknown> = { real_name: u.realName, display_name: u.realName.split(' ')[0] };
        if (u.email) profile.email = u.email;
        return {
          ok: true,
          user: { id: u.id, name: u.realName.toLowerCase().replace(/\s+/g, '.'), real_name: u.realName, profile, ...(u.email ? { is_email_confirmed: u.emailConfirmed ?? true } : {}) },
        };
      }
      case 'chat.postMessage': {
        const ts = nextTs();
        const channel = String(params.channel);
        posted.set(channel, [...(posted.get(channel) ?? []), { ts, text: params.text, ...(params.metadata ? { metadata: params.metadata } : {}) }]);
        return { ok: true, channel, ts, message: { text: params.text } };
      }
      case 'conversations.history': {
        const oldest = Number(params.oldest ?? 0);
        const messages = (posted.get(String(params.channel)) ?? []).filter((m) => Number(m.ts) > oldest).reverse();
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${calls.length}`, ...(params.view as object) } };
      case 'apps.connections.open':
        return { ok: true, url: `${base.replace(/^http/, 'ws')}/link` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = req.url ?? '/';
    const body = await readBody(req);
    if (url.startsWith('/respond/')) {
      const post = { id: url.slice('/respond/'.length), body: JSON.parse(body || '{}') as Record<string, unknown>, at: Date.now() };
      responses.push(post);
      responseWaiters.get(post.id)?.(post);
      responseWaiters.delete(post.id);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const m = /^\/api\/([\w.]+)/.exec(url);
    if (!m) {
      res.writeHead(404);
      res.end();
      return;
    }
    const method = m[1]!;
    const params = parseParams(body, req.headers['content-type']);
    const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? (typeof params.token === 'string' ? params.token : undefined);
    calls.push({ method, params, ...(auth ? { token: auth } : {}), at: Date.now() });
    const delay = delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const failure = failures.get(method);
    if (failure && 'status' in failure) {
      res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const out = failure ? { ok: false, error: failure.error } : answer(method, params);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  });
  const wss = new WebSocketServer({ server, path: '/link' });
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (msg.envelope_id) acks.get(msg.envelope_id)?.(msg.payload ?? {});
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A0TSOC' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    users,
    calls,
    responses,
    failures,
    delays,
    callsTo: (method) => calls.filter((c) => c.method === method),
    nextResponse: (id) =>
      new Promise((resolve) => {
        const seen = responses.find((r) => r.id === id);
        if (seen) resolve(seen);
        else responseWaiters.set(id, resolve);
      }),
    async waitFor(probe, timeoutMs = 8000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = probe();
        if (v) return v;
        if (Date.now() > until) throw new Error('fake Slack: timed out waiting');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    socket: () => socket,
    sendEnvelope(envelope) {
      const ws = socket;
      if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
      const id = `env-${++envelopes}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${id}`)), 8000);
        acks.set(id, (payload) => {
          clearTimeout(timer);
          acks.delete(id);
          resolve(payload);
        });
        ws.send(JSON.stringify({ envelope_id: id, accepts_response_payload: true, ...envelope }));
      });
    },
    reset() {
      calls.length = 0;
      posted.clear();
      responses.length = 0;
      failures.clear();
      delays.clear();
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

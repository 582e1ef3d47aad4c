// An HTTP proxy on 127.0.0.1 in front of a recording fake (Slack's Web API,
// the Teams connector) that makes the platform misbehave on request: answer
// 429 or 500 without passing the call on, answer slowly, hold a call (and drop
// it if the caller hangs up meanwhile), or pass it on and then answer 500 (the
// platform did it but said it failed). Calls no rule matches pass straight
// through. Every injected fault is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export type Fault =
  /** Answer with this status; the fake never sees the call. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Pass the call on at once (it takes effect), answer `ms` later. */
  | { kind: 'slow'; ms: number }
  /** Keep the call `ms` before passing it on; a caller gone by then never reaches the fake. */
  | { kind: 'hold'; ms: number }
  /** Pass the call on (it takes effect), then answer this status instead of the fake's answer. */
  | { kind: 'fail-after'; status: number };

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body's fields: JSON, or a form with JSON-looking values decoded (as Slack's WebClient sends them). */
  params: Record<string, unknown>;
}

export interface FaultRule {
  name: string;
  match(req: ProxiedRequest): boolean;
  fault: Fault;
  /** How many matching calls get the fault (default: every one until removed). */
  times?: number;
}

export interface FaultHit {
  rule: string;
  method: string;
  path: string;
  at: number;
  /** hold: the caller hung up before the call was passed on. */
  dropped?: boolean;
}

export interface FaultProxy {
  /** Base URL, no trailing slash. */
  url: string;
  hits: FaultHit[];
  add(rule: FaultRule): void;
  remove(name: string): void;
  clear(): void;
  /** Called for every request before any rule (a test's trigger, e.g. "the first digest post"). */
  onRequest?: (req: ProxiedRequest) => void;
  close(): Promise<void>;
}

function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  try {
    if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {}; // not JSON after all: no fields to match on, the call still passes through
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseQuery(body))) {
    const value = Array.isArray(v) ? v[0] : v;
    try {
      out[k] = typeof value === 'string' && /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      out[k] = value; // looked like JSON, was not: keep the text
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rules: (FaultRule & { left: number })[] = [];
  const hits: FaultHit[] = [];
  const agent = new http.Agent({ keepAlive: true });

  function forward(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  const proxy: FaultProxy = {
    url: '',
    hits,
    add: (rule) => void rules.push({ ...rule, left: rule.times ?? Infinity }),
    remove: (name) => void (rules = rules.filter((r) => r.name !== name)),
    clear: () => void (rules = []),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const seen: ProxiedRequest = {
      method: req.method ?? 'GET',
      // A Teams delivery's own route (`/via/<route>/…`, teams-client.ts) is not part of what rules match.
      path: decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/^\/via\/[^/]+(?=\/)/, ''),
      headers: req.headers,
      params: parseParams(body.toString('utf8'), req.headers['content-type']),
    };
    let gone = false;
    res.on('close', () => (gone = !res.writableFinished));
    try {
      proxy.onRequest?.(seen);
      const rule = rules.find((r) => r.left > 0 && r.match(seen));
      if (rule) rule.left -= 1;
      const hit: FaultHit | undefined = rule ? { rule: rule.name, method: seen.method, path: seen.path, at: Date.now() } : undefined;
      if (hit) hits.push(hit);
      const fault = rule?.fault;
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(JSON.stringify(fault.body ?? { ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
        return;
      }
      if (fault?.kind === 'hold') {
        await sleep(fault.ms);
        if (gone) {
          hit!.dropped = true;
          return;
        }
      }
      const answer = await forward(req, body);
      if (fault?.kind === 'slow') await sleep(fault.ms);
      if (gone) return;
      if (fault?.kind === 'fail-after') {
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
        return;
      }
      const { 'content-length': _length, 'transfer-encoding': _te, connection: _c, 'keep-alive': _k, ...headers } = answer.headers;
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** Matches Slack Web API calls to `method` (e.g. chat.postMessage), optionally only some. */
export function slackMethod(method: string, also: (params: Record<string, unknown>) => boolean = () => true) {
  return (req: ProxiedRequest) => req.path === `/api/${method}` && also(req.params);
}

/** A chat.postMessage that is a digest page (it carries the delivery key in its metadata). */
export function isDigestPost(params: Record<string, unknown>): boolean {
  const metadata = params.metadata as { event_type?: string } | undefined;
  return metadata?.event_type === 'tsoc_digest';
}

/** Teams: a new message in a conversation (a digest or nudge), not a reply to an activity. */
export function teamsPost(conversationId?: string) {
  return (req: ProxiedRequest) => {
    const m = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(req.path);
    return req.method === 'POST' && Boolean(m) && (!conversationId || m![1] === conversationId);
  };
}

/** Teams: a reply to an activity in a conversation. */
export function teamsReply(conversationId?: string) {
  return (req: ProxiedRequest) => {
    const m = /^\/v3\/conversations\/([^/]+)\/activities\/[^/]+$/.exec(req.path);
    return req.method === 'POST' && Boolean(m) && (!conversationId || m![1] === conversationId);
  };
}

/** Teams: a member look-up (the bot learning who wrote). */
export function teamsMemberLookup(memberId?: string) {
  return (req: ProxiedRequest) => {
    const m = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(req.path);
    return req.method === 'GET' && Boolean(m) && (!memberId || m![1] === memberId);
  };
}

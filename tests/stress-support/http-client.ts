// One POST over a keep-alive connection pool, timed, with a deadline: the load
// generator's only way of talking to the bots (as Slack's and Teams' own
// senders keep connections open).
import http from 'node:http';

export interface HttpResult {
  status: number;
  text: string;
  /** Time until the whole response had arrived. */
  ms: number;
  /** Set when no response came (connection refused or reset, or the deadline passed). */
  error?: string;
}

/**
 * Idle connections are dropped after 4 s, before the bot's server drops them (Node's default
 * keep-alive timeout, 5 s): otherwise a request can go out on a connection the server is closing
 * at that instant and fail with ECONNRESET — a client artefact, not the bot's doing.
 */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, timeout: 4000 });
}

export function postHttp(agent: http.Agent, url: string, headers: Record<string, string>, body: string, timeoutMs = 30_000): Promise<HttpResult> {
  const u = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<HttpResult, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, ms: performance.now() - started });
    };
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => done({ status: 0, text: '', error: err.message }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => done({ status: 0, text: '', error: err.message }));
    req.end(body);
  });
}

// GET /metrics on a listener of its own (METRICS_PORT on METRICS_HOST,
// 127.0.0.1 unless set), never on the bot's main port, which may face the
// internet behind a proxy: the metrics say how busy the bot is and which
// commands people use. Anything else: 404; another method: 405.
import http from 'node:http';
import type { Registry } from 'prom-client';
import { listen } from '../server/http-server.js';

export interface RunningMetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(registry: Registry, port: number, host: string): Promise<RunningMetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('use GET\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${err instanceof Error ? err.message : String(err)}\n`);
      },
    );
  });
  // Scrapes are short: do not let an idle or slow client hold sockets open.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  // The same listen-and-close as the bot's own server (src/server/http-server.ts).
  const running = await listen(server, port, host);
  return { url: `${running.url}/metrics`, close: running.close };
}

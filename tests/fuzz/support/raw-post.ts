// A POST with exactly these bytes and headers (or none), bounded in time, so
// that a request the bot never answers fails its test instead of hanging it.
import { sign } from '../../support/slack-requests.js';

export interface RawResponse {
  status: number;
  text: string;
}

export async function postRaw(url: string, body: string | Uint8Array, headers: Record<string, string>, timeoutMs = 10_000): Promise<RawResponse> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, text: await res.text() };
}

/** Headers Slack would send for this body, signed with `secret` now (or at `timestamp`). */
export function slackHeaders(secret: string, body: string, contentType: string | undefined, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    ...(contentType !== undefined ? { 'content-type': contentType } : {}),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(secret, timestamp, body),
  };
}

/** POSTs `size` bytes in chunks with no Content-Length (chunked transfer), as a client that hides its size would. */
export async function postChunked(url: string, headers: Record<string, string>, size: number, chunk = 64 * 1024): Promise<RawResponse> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer within 10 s'));
    }, 10_000);
    const req = request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') });
      });
      res.on('error', reject);
    });
    // The server may answer 413 and close before everything is written: that ends the write, not the test.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    let sent = 0;
    const piece = Buffer.alloc(chunk, 'a');
    const pump = () => {
      while (sent < size) {
        sent += chunk;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

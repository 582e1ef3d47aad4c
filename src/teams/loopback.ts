// Local mode (TEAMS_LOCAL_MODE=true, no credentials): nothing authenticates a
// request, so only a program on this machine talking to the bot directly may
// call /api/messages (the Agents Playground, a developer's tools). A loopback
// socket alone is not enough: a reverse proxy, tunnel or sidecar on the same
// host also connects from 127.0.0.1, and a web page in a developer's browser
// can POST to 127.0.0.1 too. Those are told apart by what they add.
import type { IncomingMessage } from 'node:http';

/** 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv6-mapped address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** The socket check: true when the request's connection comes from this machine. */
export function isLocalRequest(req: Pick<IncomingMessage, 'socket'>): boolean {
  return isLoopbackAddress(req.socket.remoteAddress);
}

/** Headers a proxy adds (it forwards someone else's request) or a browser adds (a web page's request). */
export const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'] as const;

/**
 * Why a local-mode request is refused, or undefined when it may go on: another machine, a
 * request relayed by a proxy, one sent by a web page (Origin), or a body a browser can send
 * cross-site without asking first (anything but application/json).
 */
export function localModeRefusal(req: Pick<IncomingMessage, 'socket' | 'headers'>): string | undefined {
  if (!isLocalRequest(req)) return 'not a loopback caller';
  const relayed = FORWARDING_HEADERS.find((h) => req.headers[h] !== undefined);
  if (relayed) return `relayed by a proxy (${relayed} header)`;
  if (req.headers.origin !== undefined) return 'sent by a web page (Origin header)';
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return `content type ${type || '(none)'} is not application/json`;
  return undefined;
}

/** An http:// URL on this machine (the Playground's connector): local mode sends nothing anywhere else. */
export function isLoopbackHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return u.protocol === 'http:' && (host === 'localhost' || isLoopbackAddress(host));
  } catch {
    return false;
  }
}

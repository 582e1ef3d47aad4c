// Local mode (no TEAMS_APP_ID): nothing authenticates a request, so only this
// machine may call /api/messages (the Agents Playground, a developer's tools).
import type { IncomingMessage } from 'node:http';

/** 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv6-mapped address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** The local-mode guard: true when the request comes from this machine. */
export function isLocalRequest(req: Pick<IncomingMessage, 'socket'>): boolean {
  return isLoopbackAddress(req.socket.remoteAddress);
}

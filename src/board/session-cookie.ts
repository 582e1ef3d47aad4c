// The session cookie: HttpOnly (no script can read it; the pages have none
// anyway), SameSite=Lax (a link from chat carries it, a cross-site form post
// does not), Secure whenever the board is served over https, 8 hours.
import type { IncomingMessage } from 'node:http';
import { SESSION_TTL_MS } from './sign-in-store.js';

export const SESSION_COOKIE = 'tsoc_board';

/** One cookie's value from the request (the board's session, or a sign-in in progress). */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function readSessionCookie(req: IncomingMessage): string | undefined {
  return readCookie(req, SESSION_COOKIE);
}

export function sessionCookie(id: string, secure: boolean): string {
  return [`${SESSION_COOKIE}=${id}`, 'Path=/board', 'HttpOnly', 'SameSite=Lax', `Max-Age=${SESSION_TTL_MS / 1000}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/board', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

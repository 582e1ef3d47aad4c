// What a sign-in with the provider must come back with (state, nonce and the
// PKCE verifier), kept in the visitor's browser between the redirect out and
// the callback: a cookie sealed with AES-256-GCM under a key derived from
// OIDC_CLIENT_SECRET. Sealed rather than stored, so that opening the sign-in
// page writes nothing to the database for strangers, and any instance can read
// what another sealed. The cookie is HttpOnly, SameSite=Lax (the provider's
// redirect back is a top-level GET, which carries it), limited to the OIDC
// paths, Secure over https, and lives 10 minutes. It is cleared at the
// callback, and its state is spent in the database there (a replay is refused).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookie } from './session-cookie.js';

export const OIDC_COOKIE = 'tsoc_board_oidc';
export const OIDC_PATH = '/board/sign-in/oidc';
export const PENDING_TTL_MS = 10 * 60_000;

export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface StateSeal {
  seal(pending: PendingSignIn): string;
  /** The pending sign-in, or undefined when the cookie is missing, forged, altered or expired. */
  open(value: string | undefined, now: Date): PendingSignIn | undefined;
}

export function stateSeal(clientSecret: string): StateSeal {
  // A key of its own (HKDF), so the client secret itself never encrypts anything.
  const key = Buffer.from(hkdfSync('sha256', clientSecret, 'tsoc-bot', 'board oidc state v1', 32));
  return {
    seal(pending) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(pending), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(value, now) {
      if (!value || value.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
      const raw = Buffer.from(value, 'base64url');
      if (raw.length < 29) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const pending = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as PendingSignIn;
        return typeof pending.expiresAt === 'number' && pending.expiresAt > now.getTime() ? pending : undefined;
      } catch {
        return undefined; // altered, or sealed under another secret
      }
    },
  };
}

export function readOidcCookie(req: IncomingMessage): string | undefined {
  return readCookie(req, OIDC_COOKIE);
}

export function oidcCookie(value: string, secure: boolean): string {
  return [`${OIDC_COOKIE}=${value}`, `Path=${OIDC_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${PENDING_TTL_MS / 1000}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedOidcCookie(secure: boolean): string {
  return [`${OIDC_COOKIE}=`, `Path=${OIDC_PATH}`, 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

// The cookie that holds a sign-in in progress: only this bot (its client
// secret) can read or make one, and it expires.
import { describe, expect, it } from 'vitest';
import { stateSeal } from '../../src/board/oidc-state.js';

const now = new Date('2026-11-26T09:00:00Z');
const pending = { state: 's'.repeat(43), nonce: 'n'.repeat(43), verifier: 'v'.repeat(43), expiresAt: now.getTime() + 600_000 };

describe('the sealed sign-in cookie', () => {
  it('opens what it sealed, until it expires', () => {
    const seal = stateSeal('client-secret');
    const value = seal.seal(pending);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(value).not.toContain('sss');
    expect(seal.open(value, now)).toEqual(pending);
    expect(seal.open(value, new Date(pending.expiresAt))).toBeUndefined();
  });

  it('refuses a cookie altered, cut short, forged or sealed under another secret', () => {
    const seal = stateSeal('client-secret');
    const value = seal.seal(pending);
    const flipped = `${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
    for (const bad of [flipped, value.slice(0, -2), 'A'.repeat(80), '', undefined, `${value}!`, stateSeal('another-secret').seal(pending)]) {
      expect(seal.open(bad, now)).toBeUndefined();
    }
  });
});

// Who may talk to the bot: the tenant guard (a polite refusal and nothing
// else), local mode's loopback restriction, and authenticated mode turning
// away requests without a valid Bot Framework token (401, no engine call).
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_CONVERSATIONS } from '../../src/store/mongo-conversation-store.js';
import { isLocalRequest, isLoopbackAddress } from '../../src/teams/loopback.js';
import { PEOPLE, cardText, cardTitle, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

describe('tenant guard', () => {
  let t: TeamsBot;
  beforeAll(async () => {
    t = await startTeamsBot({ TEAMS_ALLOWED_TENANTS: 'tenant-nz, tenant-other-agency' });
  });
  afterAll(() => t.stop());

  it('serves an allowed tenant', async () => {
    await t.send(message(t.connector.url, PEOPLE.police, 'who coordinates 13b'));
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toContain('13b is coordinated by');
    expect(t.logger.lines).toContainEqual(expect.objectContaining({ message: 'teams: tenant guard on' }));
  });

  it.each([
    ['another tenant', { tenantId: 'tenant-elsewhere' }],
    ['channelData naming another tenant', { tenantId: 'tenant-nz', channelTenantId: 'tenant-elsewhere' }],
  ])('refuses %s politely and does nothing else', async (_label, options) => {
    t.connector.reset();
    const activity = message(t.connector.url, PEOPLE.police, 'update 7 complete Done', { ...options, id: `a:foreign-${_label.length}` });
    const before = await t.updates('7');
    const res = await t.send(activity);
    expect(res.status).toBe(200);
    const cards = t.cardsSince(0);
    expect(cards).toHaveLength(1);
    expect(cardTitle(cards[0]!)).toBe('Sorry — this TSOC Action Plan bot serves only the organisations it has been set up for.');
    expect(cardText(cards[0]!)).toContain('Nothing was looked up or saved');
    // Nothing else: no member look-up, no update, no stored conversation.
    expect(t.connector.memberLookups).toHaveLength(0);
    expect(await t.updates('7')).toHaveLength(before.length);
    expect(await t.bot.database.db.collection(TEAMS_CONVERSATIONS).findOne({ conversationId: activity.conversation.id })).toBeNull();
  });
});

describe('local mode', () => {
  let t: TeamsBot;
  beforeAll(async () => {
    t = await startTeamsBot();
  });
  afterAll(() => t.stop());

  it('says so in its start-up log', () => {
    expect(t.logger.lines).toContainEqual(expect.objectContaining({
      level: 'info',
      message: expect.stringContaining('teams: local mode (TEAMS_LOCAL_MODE=true) — /api/messages accepts JSON requests made directly from this machine only'),
    }));
  });

  it('knows loopback addresses from the rest', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '203.0.113.7', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) expect(isLoopbackAddress(a)).toBe(false);
    expect(isLocalRequest({ socket: { remoteAddress: '203.0.113.7' } } as IncomingMessage)).toBe(false);
  });

  it('refuses a request from another machine at the route, before any engine call', async () => {
    const route = t.bot.surfaces[0]!.routes.find((r) => r.path === '/api/messages')!;
    let status = 0;
    let body = '';
    const req = { socket: { remoteAddress: '203.0.113.7' }, headers: { 'content-type': 'application/json' }, method: 'POST', resume() {} } as unknown as IncomingMessage;
    const res = { writeHead: (s: number) => void (status = s), end: (b: string) => void (body = b) } as unknown as ServerResponse;
    t.connector.reset();
    await route.handler(req, res);
    expect(status).toBe(403);
    expect(JSON.parse(body).error).toContain('local mode');
    expect(t.connector.requests).toHaveLength(0);
    expect(t.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'teams request refused: local mode accepts direct JSON requests from this machine only', fields: expect.objectContaining({ reason: 'not a loopback caller' }) }));
  });

  it('serves a request from 127.0.0.1', async () => {
    const res = await t.send(message(t.connector.url, PEOPLE.police, 'show 7'));
    expect(res.status).toBe(200);
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toContain('Action 7');
  });

  it('ignores an Authorization header it has no credentials to check', async () => {
    const res = await t.send(message(t.connector.url, PEOPLE.police, 'show 8'), { authorization: 'Bearer not-checked-in-local-mode' });
    expect(res.status).toBe(200);
  });

  it('answers a body that is not an activity with 400', async () => {
    const res = await fetch(`${t.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' });
    expect(res.status).toBe(400);
  });
});

/** A JWT signed with a key of our own: well-formed, but not from the Bot Framework. */
function selfSignedToken(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'ours' })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(head).sign(privateKey).toString('base64url');
  return `${head}.${signature}`;
}

describe('authenticated mode', () => {
  let t: TeamsBot;
  const appId = '11111111-2222-3333-4444-555555555555';
  beforeAll(async () => {
    t = await startTeamsBot({ TEAMS_APP_ID: appId, TEAMS_APP_PASSWORD: 'not-a-real-secret', TEAMS_TENANT_ID: 'tenant-nz' });
  });
  afterAll(() => t.stop());

  it('says so in its start-up log', () => {
    expect(t.logger.lines).toContainEqual(expect.objectContaining({
      message: expect.stringContaining('teams: authenticated mode'),
      fields: expect.objectContaining({ appId, appType: 'SingleTenant' }),
    }));
  });

  const now = Math.floor(Date.now() / 1000);
  it.each([
    ['no token', undefined],
    ['an empty bearer', 'Bearer '],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a JWT from an issuer the Bot Framework does not use', `Bearer ${selfSignedToken({ iss: 'https://issuer.invalid/', aud: appId, iat: now, nbf: now, exp: now + 600, serviceurl: 'http://127.0.0.1/' })}`],
  ])('rejects %s with 401 and runs nothing', async (_label, authorization) => {
    t.connector.reset();
    const before = await t.updates('7');
    const res = await t.send(message(t.connector.url, PEOPLE.police, 'update 7 complete Done'), authorization ? { authorization } : {});
    expect(res.status).toBe(401);
    expect(t.connector.requests).toHaveLength(0);
    expect(await t.updates('7')).toHaveLength(before.length);
    expect(t.logger.lines.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/^teams request refused: (no bearer token|token not valid)$/) });
  });
});

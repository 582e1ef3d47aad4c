// Pure pieces of the Teams surface: command text from a message (mentions),
// the tenant guard's reading of an activity, and reading a connector's 429.
import { describe, expect, it } from 'vitest';
import { commandText, mentionToken, mentionedUserId } from '../../src/teams/mentions.js';
import { allowedTenants, createTenantCheck, createTenantGuard, tenantsOf } from '../../src/teams/tenant-guard.js';
import { httpStatusOf, retryAfterMsOf, retryThrottled } from '../../src/teams/throttle.js';

const bot = { id: '28:bot', name: 'TSOC' };

describe('commandText', () => {
  it('removes the bot mention and keeps the rest', () => {
    expect(commandText({ text: '<at>TSOC</at> who coordinates 13b', recipient: bot, entities: [{ type: 'mention', text: '<at>TSOC</at>', mentioned: bot }] })).toBe('who coordinates 13b');
    expect(commandText({ text: '<at>TSOC</at>&nbsp;show 7', recipient: bot, entities: [{ type: 'mention', text: '<at>TSOC</at>', mentioned: bot }] })).toBe('show 7');
  });

  it('turns other people into tokens the engine can resolve', () => {
    const text = commandText({
      text: '<at>TSOC</at> grant <at>Jane Smith</at> police',
      recipient: bot,
      entities: [{ type: 'mention', text: '<at>TSOC</at>', mentioned: bot }, { type: 'mention', text: '<at>Jane Smith</at>', mentioned: { id: '29:jane', name: 'Jane Smith' } }],
    });
    expect(text).toBe(`grant ${mentionToken('29:jane')} police`);
    expect(mentionedUserId(mentionToken('29:jane'))).toBe('29:jane');
    expect(mentionedUserId('jane@example.govt.nz')).toBeUndefined();
  });

  it('keeps what the person typed literally when no entity says it is a mention', () => {
    expect(commandText({ text: 'update 7 on-track <at>x</at> &nbsp; ok', recipient: bot, entities: [] })).toBe('update 7 on-track <at>x</at> &nbsp; ok');
  });
});

describe('tenant guard', () => {
  const guard = createTenantGuard(allowedTenants({ TEAMS_TENANT_ID: 'AAA', TEAMS_ALLOWED_TENANTS: ['bbb'] }));

  it('reads both places Teams names the tenant', () => {
    expect(tenantsOf({ conversation: { tenantId: 'X' } as never, channelData: { tenant: { id: 'y' } } })).toEqual(['x', 'y']);
  });

  it('serves listed tenants, case-insensitively, and nothing else', () => {
    expect(guard({ conversation: { tenantId: 'aaa' } as never, channelData: { tenant: { id: 'AAA' } } })).toBe(true);
    expect(guard({ channelData: { tenant: { id: 'bbb' } } })).toBe(true);
    expect(guard({ conversation: { tenantId: 'aaa' } as never, channelData: { tenant: { id: 'ccc' } } })).toBe(false);
    expect(guard({})).toBe(false);
  });

  it('serves everyone when no tenant is configured', () => {
    expect(createTenantGuard(allowedTenants({ TEAMS_TENANT_ID: undefined, TEAMS_ALLOWED_TENANTS: [] }))({})).toBe(true);
  });

  it('answers for one tenant id the same way (the board asks it of an Entra sign-in)', () => {
    const served = createTenantCheck(allowedTenants({ TEAMS_TENANT_ID: 'AAA', TEAMS_ALLOWED_TENANTS: ['bbb'] }));
    expect(['aaa', 'AAA', 'bbb'].map(served)).toEqual([true, true, true]);
    expect(served('ccc')).toBe(false);
    expect(createTenantCheck(allowedTenants({ TEAMS_TENANT_ID: undefined, TEAMS_ALLOWED_TENANTS: ['*'] }))('anyone')).toBe(true);
  });
});

describe('throttling', () => {
  const throttled = (headers: Record<string, string>) => Object.assign(new Error('429'), { statusCode: 429, response: { status: 429, headers: new Map(Object.entries(headers)) } });

  it('reads the status and Retry-After of a connector error', () => {
    expect(httpStatusOf(throttled({}))).toBe(429);
    expect(retryAfterMsOf(throttled({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMsOf(throttled({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMsOf(throttled({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMsOf(throttled({}))).toBeUndefined();
  });

  it('retries a 429 within its budget and gives up after that', async () => {
    const waits: number[] = [];
    let calls = 0;
    const ok = await retryThrottled(async () => (++calls < 3 ? Promise.reject(throttled({ 'retry-after': '1' })) : 'done'), { sleep: async (ms) => void waits.push(ms) });
    expect(ok).toBe('done');
    expect(waits).toEqual([1000, 1000]);

    await expect(retryThrottled(() => Promise.reject(throttled({ 'retry-after': '60' })), { sleep: async () => {} })).rejects.toMatchObject({ statusCode: 429 });
    await expect(retryThrottled(() => Promise.reject(Object.assign(new Error('boom'), { statusCode: 500 })), { sleep: async () => {} })).rejects.toThrow('boom');
  });
});

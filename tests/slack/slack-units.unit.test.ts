// Small pieces of the Slack surface: the identity cache, modal validation, mention stripping.
import { describe, expect, it } from 'vitest';
import type { webApi } from '@slack/bolt';
import { stripBotMention } from '../../src/slack/listeners/conversation.js';
import { validateSubmission } from '../../src/slack/listeners/update-modal.js';
import { UserDirectory } from '../../src/slack/user-directory.js';
import { memoryLogger } from '../support/test-env.js';

function fakeClient(answers: (user: string) => Promise<unknown>): { client: webApi.WebClient; calls: string[] } {
  const calls: string[] = [];
  const client = { users: { info: async ({ user }: { user: string }) => { calls.push(user); return answers(user); } } } as unknown as webApi.WebClient;
  return { client, calls };
}

describe('UserDirectory', () => {
  it('caches an email until it expires, and shares one call between concurrent requests', async () => {
    let now = 0;
    const { client, calls } = fakeClient(async (u) => ({ ok: true, user: { id: u, profile: { email: 'Jane@Police.govt.nz', real_name: 'Jane Smith' } } }));
    const users = new UserDirectory({ client, logger: memoryLogger(), ttlMs: 1000, now: () => now });
    const [a, b] = await Promise.all([users.identity('U1'), users.identity('U1')]);
    expect(a).toEqual({ platform: 'slack', userId: 'U1', displayName: 'Jane Smith', email: 'jane@police.govt.nz' });
    expect(b).toEqual(a);
    now = 999;
    await users.identity('U1');
    expect(calls).toEqual(['U1']);
    now = 1001;
    await users.identity('U1');
    expect(calls).toEqual(['U1', 'U1']);
  });

  it('does not cache a failed look-up, and marks it so writes can be deferred', async () => {
    let fail = true;
    const { client, calls } = fakeClient(async (u) => {
      if (fail) throw new Error('ratelimited');
      return { ok: true, user: { id: u, profile: { email: 'x@ird.govt.nz' } } };
    });
    const users = new UserDirectory({ client, logger: memoryLogger() });
    expect(await users.identity('U2', 'mere')).toEqual({ platform: 'slack', userId: 'U2', displayName: 'mere', lookupFailed: true });
    fail = false;
    expect((await users.identity('U2')).email).toBe('x@ird.govt.nz');
    expect(calls).toHaveLength(2);
  });

  it('takes Slack’s "no" (user_not_found, missing_scope) as no email, not as a passing failure', async () => {
    const { client, calls } = fakeClient(async () => {
      throw Object.assign(new Error('An API error occurred: missing_scope'), { code: 'slack_webapi_platform_error' });
    });
    const users = new UserDirectory({ client, logger: memoryLogger() });
    expect(await users.identity('U3', 'ana')).toEqual({ platform: 'slack', userId: 'U3', displayName: 'ana' });
    await users.identity('U3', 'ana');
    expect(calls).toHaveLength(1);
  });

  it('gives no email for bots, deleted users and profiles without one', async () => {
    const { client } = fakeClient(async (u) => ({ ok: true, user: { id: u, is_bot: u === 'B', deleted: u === 'D', profile: u === 'N' ? {} : { email: 'a@police.govt.nz' } } }));
    const users = new UserDirectory({ client, logger: memoryLogger() });
    for (const u of ['B', 'D', 'N']) expect((await users.identity(u)).email).toBeUndefined();
  });

  it('reads Slack-escaped mentions', async () => {
    const { client } = fakeClient(async (u) => ({ ok: true, user: { id: u, profile: { email: `${u.toLowerCase()}@mbie.govt.nz` } } }));
    const users = new UserDirectory({ client, logger: memoryLogger() });
    expect(await users.emailOfMention('<@U123|jane>')).toBe('u123@mbie.govt.nz');
    expect(await users.emailOfMention('<@W9>')).toBe('w9@mbie.govt.nz');
    expect(await users.emailOfMention('@jane')).toBeUndefined();
  });
});

describe('update modal validation', () => {
  it.each([
    [undefined, '', { status: 'Choose a status.' }],
    ['sideways', '', { status: 'Choose a status.' }],
    ['at-risk', '  ', { note: 'At risk needs a reason.' }],
    ['off-track', '', { note: 'Off track needs a reason.' }],
    ['on-track', 'x'.repeat(1001), { note: 'At most 1000 characters.' }],
    ['on-track', '', undefined],
    ['at-risk', 'Waiting on legal advice', undefined],
  ])('%s / %j', (status, note, errors) => {
    expect(validateSubmission(status, note)).toEqual(errors);
  });
});

describe('stripBotMention', () => {
  it('removes the bot’s mentions only', () => {
    expect(stripBotMention('<@U0BOT> who coordinates 13b?', 'U0BOT')).toBe('who coordinates 13b?');
    expect(stripBotMention('<@U0BOT|tsoc>: grant <@U9> police', 'U0BOT')).toBe('grant <@U9> police');
  });
});

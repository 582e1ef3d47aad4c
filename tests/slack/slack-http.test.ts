// The Slack surface end to end over real HTTP: the real server and database,
// requests signed as Slack signs them, Slack's Web API and response_url played
// by a recording server on 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, SIGNING_SECRET, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { FORM, postSigned, sign, slashCommandBody } from '../support/slack-requests.js';

let s: SlackBot;

beforeAll(async () => {
  s = await startSlackBot();
});
afterAll(() => s.close());
beforeEach(() => s.slack.reset());

const ackText = (res: { json: Record<string, unknown> | undefined }) => allText(res.json);

describe('/tsoc look-ups answer privately in the acknowledgement', () => {
  it.each([
    ['help', 'what you can ask'],
    ['', 'what you can ask'],
    ['who coordinates 13b?', '13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).'],
    ['show 7', 'Action 7'],
    ['what does success look like for 17', 'What success looks like for action 17'],
    ['list police', 'Coordinated by New Zealand Police'],
    ['what does MBIE coordinate', 'Coordinated by Ministry of Business, Innovation and Employment (MBIE)'],
    ['search money laundering', 'money laundering'],
    ['status 13', 'Action 13 is'],
    ['history 4a', 'No updates to 4a yet.'],
    ['whoami', 'You are Jane Smith'],
    ['subscriptions', 'subscription'],
    ['who coordinates 99', 'There is no action 99 — actions are 1–18.'],
  ])('"/tsoc %s"', async (text, expected) => {
    const res = await s.command(text, PEOPLE.jane);
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(ackText(res)).toContain(expected.replace(/&/g, '&amp;'));
    expect(Array.isArray(res.json?.blocks)).toBe(true);
    expect(typeof res.json?.text).toBe('string');
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('offers an Update status button on an action card', async () => {
    const res = await s.command('show 13', PEOPLE.mere);
    const actions = ((res.json?.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.value)).toEqual(['13a', '13b', '13c']);
    expect(actions?.elements?.[0]?.action_id).toBe('tsoc_update_open:13a');
  });

  it('looks each person up once (users.info is cached)', async () => {
    await s.command('who coordinates 7', PEOPLE.mere);
    await s.command('show 7', PEOPLE.mere);
    await s.command('whoami', PEOPLE.mere);
    expect(s.slack.callsTo('users.info').filter((c) => c.params.user === PEOPLE.mere.id).length).toBeLessThanOrEqual(1);
  });
});

describe('/tsoc update', () => {
  it('saves, answers privately and announces in the channel', async () => {
    const res = await s.command('update 7 on-track Team recruited', PEOPLE.jane, { channel_id: 'C0OPS' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(ackText(res)).toContain('Saved: 7 is now On track.');
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params.channel).toBe('C0OPS');
    expect(post.params.text).toBe('Jane Smith (Police) set 7 to On track — Team recruited');
    const saved = await s.updates('7');
    expect(saved.at(-1)).toMatchObject({ status: 'on-track', note: 'Team recruited', by: { email: 'jane.smith@police.govt.nz', agencies: ['police'] }, source: { platform: 'slack', channelId: 'C0OPS' } });
  });

  it('refuses someone outside the coordinating agencies and names who can', async () => {
    const before = (await s.updates('5')).length;
    const res = await s.command('update 5 off-track Stalled', PEOPLE.ivan);
    expect(ackText(res)).toContain("You can't update 5.");
    expect(ackText(res)).toContain('Only members of Police (or a plan steward) can update 5.');
    expect(await s.updates('5')).toHaveLength(before);
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('lets a person without a resolvable email look things up but not update, and says why', async () => {
    const look = await s.command('who coordinates 7', PEOPLE.guest);
    expect(ackText(look)).toContain('Action 7 is coordinated by New Zealand Police.');
    const res = await s.command('update 7 complete', PEOPLE.guest);
    expect(ackText(res)).toContain("I couldn't verify your email address, so I can't record an update from you.");
    expect((await s.updates('7')).some((u) => (u.by as { userId: string }).userId === PEOPLE.guest.id)).toBe(false);
  });

  it('asks for a reason for at-risk', async () => {
    const res = await s.command('update 13b at-risk', PEOPLE.mere);
    expect(ackText(res)).toContain('At risk needs a reason.');
  });

  it('lets a steward grant membership to a Slack user by mention', async () => {
    const res = await s.command(`grant <@${PEOPLE.guest.id}|guest> police`, PEOPLE.steward);
    expect(ackText(res)).toContain('I can’t find an email address'.replace('’', "'"));
    const ok = await s.command(`grant <@${PEOPLE.ivan.id}|ivan> police`, PEOPLE.steward);
    expect(ackText(ok)).toContain('ivan@customs.govt.nz is now a member of New Zealand Police.');
  });
});

describe('signatures', () => {
  it('rejects a bad signature with 401 and saves nothing', async () => {
    const before = (await s.updates('6')).length;
    const res = await s.command('update 6 complete', PEOPLE.jane, { sign: { signature: 'v0=deadbeef' } });
    expect(res.status).toBe(401);
    expect(await s.updates('6')).toHaveLength(before);
  });

  it('rejects a stale timestamp (older than 5 minutes) with 401', async () => {
    const res = await s.command('update 6 complete', PEOPLE.jane, { sign: { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 } });
    expect(res.status).toBe(401);
  });

  it('rejects a body that is not what was signed', async () => {
    const body = slashCommandBody({ text: 'update 6 complete', user_id: PEOPLE.jane.id, response_url: s.slack.responseUrl('x') });
    const ts = Math.floor(Date.now() / 1000);
    const signature = sign('another-secret', ts, body);
    const res = await postSigned(s.eventsUrl, 'unused', body, FORM, { timestamp: ts, signature });
    expect(res.status).toBe(401);
  });
});

describe('oversized requests', () => {
  it('refuses a body over 1 MiB with 413 before reading it all, and keeps serving', async () => {
    const huge = `payload=${'x'.repeat(2 * 1024 * 1024)}`;
    const res = await postSigned(s.eventsUrl, SIGNING_SECRET, huge, FORM);
    expect(res.status).toBe(413);
    const ok = await s.command('who coordinates 7', PEOPLE.jane);
    expect(ok.status).toBe(200);
  });
});

describe('retries and replays', () => {
  it('applies a replayed /tsoc update once and announces it once', async () => {
    // The same bytes with the same timestamp and signature, sent twice inside the 5-minute window.
    const body = slashCommandBody({ text: 'update 15 on-track Replay check', user_id: PEOPLE.jane.id, response_url: s.slack.responseUrl('replay'), trigger_id: `trig-${randomUUID()}` });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await postSigned(s.eventsUrl, SIGNING_SECRET, body, FORM, { timestamp });
    const replay = await postSigned(s.eventsUrl, SIGNING_SECRET, body, FORM, { timestamp });
    expect(ackText(first)).toContain('Saved: 15 is now On track.');
    expect(ackText(replay)).toContain('Already saved: 15 is On track.');
    expect((await s.updates('15')).filter((u) => u.note === 'Replay check')).toHaveLength(1);
    await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.slack.callsTo('chat.postMessage').filter((c) => String(c.params.text).includes('Replay check'))).toHaveLength(1);
  });

  it('handles a retried DM event (X-Slack-Retry-Num) once: one update, one reply', async () => {
    const event = { type: 'message', channel_type: 'im', channel: 'D0JANE', user: PEOPLE.jane.id, text: 'update 6 at-risk Retried event', ts: '1700000100.000200' };
    const eventId = `Ev${randomUUID().slice(0, 8)}`;
    const a = await s.event(event, { eventId });
    const b = await s.event(event, { eventId, sign: { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } } });
    expect([a.status, b.status]).toEqual([200, 200]);
    await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await s.updates('6')).filter((u) => u.note === 'Retried event')).toHaveLength(1);
  });
});

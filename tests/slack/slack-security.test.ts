// What the Slack endpoint costs an attacker and what an identity is worth:
// bodies over 128 KiB and bodies that trickle in are cut off before the
// signature could be checked, a person whose Slack email is not confirmed may
// look things up but has no agency (and is told why), and old event claims are
// pruned while the bot runs, not only at start.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CLAIMS } from '../../src/store/mongo-event-claims.js';
import { MAX_SLACK_BODY_BYTES } from '../../src/slack/slack-surface.js';
import { postRaw, slackHeaders } from '../fuzz/support/raw-post.js';
import { PEOPLE, SIGNING_SECRET, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { FORM, slashCommandBody } from '../support/slack-requests.js';

const UNCONFIRMED = { id: 'U0UNCONF', realName: 'Una Confirmed', email: 'una@police.govt.nz', emailConfirmed: false };
const ackText = (res: { json: Record<string, unknown> | undefined }) => allText(res.json);

let s: SlackBot;
beforeAll(async () => {
  s = await startSlackBot({ surface: { bodyTimeoutMs: 500, claimPruneEveryMs: 200, claimMaxAgeMs: 60 * 60_000 } });
  s.slack.users.set(UNCONFIRMED.id, UNCONFIRMED);
});
afterAll(() => s.close());

/** Sends raw bytes and resolves with what came back and how long until the server closed the connection. */
function rawExchange(url: string, head: string, body: string, waitMs: number): Promise<{ response: string; closed: boolean; ms: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.write(head + body));
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString('latin1'), closed, ms: performance.now() - started });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
  });
}

describe('request bodies', () => {
  it('refuses a correctly signed body just over 128 KiB with 413 (the old limit was 1 MiB), and keeps serving', async () => {
    const body = slashCommandBody({ text: `update 7 complete ${'x'.repeat(MAX_SLACK_BODY_BYTES)}`, user_id: PEOPLE.jane.id, response_url: s.slack.responseUrl('big') });
    expect(body.length).toBeLessThan(1024 * 1024);
    const res = await postRaw(s.eventsUrl, body, slackHeaders(SIGNING_SECRET, body, FORM));
    expect(res.status).toBe(413);
    expect((await s.command('who coordinates 7', PEOPLE.jane)).status).toBe(200);
  });

  it('cuts off a body that trickles in: 408 and the connection closed, without waiting for the rest', async () => {
    const url = new URL(s.eventsUrl);
    const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${FORM}\r\nContent-Length: 5000\r\n\r\n`;
    const res = await rawExchange(s.eventsUrl, head, 'command=%2Ftsoc&text=', 5000);
    expect(res.closed).toBe(true);
    expect(res.response).toMatch(/^HTTP\/1\.1 408/);
    expect(res.ms).toBeLessThan(4000);
  });

  it('answers a declared size over the limit at once and closes, reading none of it', async () => {
    const url = new URL(s.eventsUrl);
    const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${FORM}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    const res = await rawExchange(s.eventsUrl, head, 'a'.repeat(1000), 5000);
    expect(res.response).toMatch(/^HTTP\/1\.1 413/);
    expect(res.closed).toBe(true);
  });
});

describe('a Slack email that is not confirmed', () => {
  it('lets the person look things up', async () => {
    const res = await s.command('who coordinates 7', UNCONFIRMED);
    expect(ackText(res)).toContain('Action 7 is coordinated by New Zealand Police.');
  });

  it('gives no agency: an update is refused, the person is told why, and nothing is saved', async () => {
    const before = (await s.updates('7')).length;
    const res = await s.command('update 7 complete Not really police', UNCONFIRMED);
    expect(ackText(res)).toContain('Slack says your email address is not confirmed yet');
    expect(ackText(res)).toContain('Nothing was saved');
    expect(await s.updates('7')).toHaveLength(before);
  });

  it('says why in App Home too', async () => {
    await s.event({ type: 'app_home_opened', user: UNCONFIRMED.id, channel: 'D0UNCONF', tab: 'home', event_ts: '1700000000.9' });
    const publish = await s.slack.waitFor(() => s.slack.callsTo('views.publish').find((c) => c.params.user_id === UNCONFIRMED.id));
    expect(allText(publish.params.view)).toContain('Slack says your email address is not confirmed yet');
  });

  it('gives a steward nothing to grant to: the mention has no email', async () => {
    const res = await s.command(`grant <@${UNCONFIRMED.id}|una> police`, PEOPLE.steward);
    expect(ackText(res)).toContain("I can't find an email address");
    expect(ackText(res)).not.toContain('is now a member');
  });
});

describe('event claims', () => {
  it('are pruned on a timer while the bot runs', async () => {
    const claims = s.db.db(s.config.MONGODB_DB).collection<{ _id: string; at: Date }>(EVENT_CLAIMS);
    await claims.insertOne({ _id: 'Ev-old-claim', at: new Date(Date.now() - 2 * 3600_000) });
    await claims.insertOne({ _id: 'Ev-fresh-claim', at: new Date() });
    let old = 1;
    for (let i = 0; i < 40 && old > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      old = await claims.countDocuments({ _id: 'Ev-old-claim' });
    }
    expect(old).toBe(0);
    expect(await claims.countDocuments({ _id: 'Ev-fresh-claim' })).toBe(1);
  });
});

// Faults (issue 6, item 2b): a bot instance SIGKILLed while it is posting
// digests. Two real bot processes fire the same slot; the moment the first
// digest post reaches Slack, the instance that sent it is killed with its posts
// in flight — some of which Slack has already taken (answered slowly), some
// not (held, and dropped when the caller dies). The other instance takes over
// by itself, with the production timings (heartbeat 15 s, an instance is taken
// for dead after 60 s, sweep every 60 s: none is configurable, so this waits
// them out). Afterwards: no duplicate anywhere, no subscription without an
// outcome, Slack digests all delivered exactly once (the ones Slack had taken
// are found by their delivery key, not re-posted), a Teams post that may have
// landed is shown as needing attention rather than risked twice, and `digest
// status` says all of it.
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDbName } from '../support/test-env.js';
import { startBotProcess, stopAll, type BotProcess } from '../stress-support/bot-process.js';
import { digestsSeen, waitForOutcomes, type DigestTarget } from '../stress-support/digest-count.js';
import { digestSlotAt, PLAN_TIMEZONE, type DigestSlot } from '../stress-support/digest-slot.js';
import { ensureBuilt } from '../stress-support/ensure-built.js';
import { isDigestPost, slackMethod, teamsPost } from '../stress-support/fault-proxy.js';
import { keepAliveAgent } from '../stress-support/http-client.js';
import { people, SIGNING_SECRET, STEWARD_EMAIL, type Person } from '../stress-support/people.js';
import { startPlatforms, type Platforms } from '../stress-support/platforms.js';
import { SlackClient } from '../stress-support/slack-client.js';
import { countBy, printFigures } from '../stress-support/stats.js';
import { TeamsClient } from '../stress-support/teams-client.js';

const DIGEST_AFTER_MS = 15_000;
/** How long the platform takes over each digest post: the kill lands inside it. */
const POST_MS = 5_000;
/** Takeover needs the dead instance's heartbeat to go stale (60 s) and a sweep (every 60 s). */
const TAKEOVER_WAIT_MS = 240_000;

const staff = people(1);
const steward = staff.find((p) => p.agency === 'steward')!;
const of = (agency: string) => staff.find((p) => p.agency === agency)!;

/** Slack takes these posts at once and answers slowly: the dead instance's post is out. */
const LANDS = ['C0KLAND1', 'C0KLAND2'];
/** These are held before Slack sees them: the dead instance's post never arrives. */
const DROPPED = ['C0KDROP1', 'C0KDROP2'];
const TEAMS = ['19:kill-police@thread.tacv2', '19:kill-moj@thread.tacv2'];
const SUBSCRIPTIONS: (DigestTarget & { who: Person; agency: string })[] = [
  { platform: 'slack', channelId: LANDS[0]!, who: of('police'), agency: 'police' },
  { platform: 'slack', channelId: LANDS[1]!, who: of('customs'), agency: 'customs' },
  { platform: 'slack', channelId: DROPPED[0]!, who: of('mbie'), agency: 'mbie' },
  { platform: 'slack', channelId: DROPPED[1]!, who: steward, agency: 'all' },
  { platform: 'teams', channelId: TEAMS[0]!, who: of('police'), agency: 'police' },
  { platform: 'teams', channelId: TEAMS[1]!, who: of('moj'), agency: 'moj' },
];

let p: Platforms;
let bots: BotProcess[] = [];
let client: MongoClient;
let db: Db;
let digest: DigestSlot;
const agent = keepAliveAgent(8);
let slack: SlackClient;
let teams: TeamsClient;

beforeAll(async () => {
  ensureBuilt();
  p = await startPlatforms(staff);
  const dbName = testDbName('kill');
  client = new MongoClient(inject('mongoUri'));
  db = client.db(dbName);
  digest = digestSlotAt(new Date(Date.now() + DIGEST_AFTER_MS));
  bots = await Promise.all(
    ['a', 'b'].map((name) =>
      startBotProcess(`instance-${name}`, {
        MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName,
        SLACK_BOT_TOKEN: `xoxb-kill-${name}`, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: p.slackApiUrl,
        TSOC_ADMINS: STEWARD_EMAIL, DIGEST_SCHEDULE: digest.expression, PLAN_TIMEZONE,
      }),
    ),
  );
  slack = new SlackClient(agent, p.slack, SIGNING_SECRET);
  teams = new TeamsClient(agent, p.connector, p.serviceUrl);
  for (const [i, s] of SUBSCRIPTIONS.entries()) {
    const bot = bots[i % 2]!;
    const text = `subscribe ${s.agency}`;
    const told = s.platform === 'slack'
      ? (await slack.send(bot.url, slack.request({ text, userId: s.who.slack.id, channelId: s.channelId }))).text
      : (await teams.send(bot.url, teams.request({ person: s.who.teams, text, conversation: s.channelId, type: 'channel', teamId: s.channelId, activityId: `sub-${i}` }))).title;
    expect(told, `${s.channelId}: ${text}`).toMatch(/will get the .* digest/);
  }
  expect(Date.now(), 'subscriptions in place before the digest slot (a slow start would make this test prove nothing)').toBeLessThan(digest.slot.getTime() - 2000);
  const slackDigest = (channels: string[]) => slackMethod('chat.postMessage', (q) => isDigestPost(q) && channels.includes(String(q.channel)));
  p.slackProxy.add({ name: 'digest lands, answered slowly', match: slackDigest(LANDS), fault: { kind: 'slow', ms: POST_MS } });
  p.slackProxy.add({ name: 'digest held', match: slackDigest(DROPPED), fault: { kind: 'hold', ms: POST_MS } });
  for (const conversation of TEAMS) p.teamsProxy.add({ name: 'teams digest lands, answered slowly', match: teamsPost(conversation), fault: { kind: 'slow', ms: POST_MS } });
}, 120_000);

afterAll(async () => {
  slack?.close();
  await stopAll(bots);
  agent.destroy();
  await db?.dropDatabase().catch((err: unknown) => console.warn('could not drop the test database', err)); // a throw-away server anyway
  await client?.close();
  await p?.close();
});

describe('an instance killed mid-digest', () => {
  it('is taken over by the other: no duplicate, no silent loss, and digest status shows the outcome', async () => {
    // The first digest post names its sender (each instance has its own token): that one dies.
    const killed = new Promise<{ victim: BotProcess; at: number }>((resolve) => {
      p.slackProxy.onRequest = (req) => {
        if (!(req.path === '/api/chat.postMessage' && isDigestPost(req.params))) return;
        p.slackProxy.onRequest = undefined;
        const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        const victim = bots.find((b) => b.env.SLACK_BOT_TOKEN === token)!;
        // A moment for its other channels' first posts to be under way too, then SIGKILL.
        setTimeout(() => void victim.kill().then(() => resolve({ victim, at: Date.now() })), 500);
      };
    });
    const { victim, at: killedAt } = await Promise.race([
      killed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no digest post within 60 s of the slot')), digest.slot.getTime() - Date.now() + 60_000)),
    ]);
    const survivor = bots.find((b) => b !== victim)!;
    expect((await victim.exited).signal).toBe('SIGKILL');

    const outcomes = await waitForOutcomes(db, SUBSCRIPTIONS, digest.slot, TAKEOVER_WAIT_MS);
    const allDoneAt = Date.now();
    const seen = await digestsSeen(p.slack, p.connector, SUBSCRIPTIONS, digest.slot);
    const status = await slack.send(survivor.url, slack.request({ text: 'digest status', userId: steward.slack.id, channelId: 'C0KOPS' }));
    const claims = await db.collection('digest_claims').find({}).toArray();
    const recoveredLog = survivor.logs.filter((l) => l.msg === 'recovering a digest its instance left unfinished');
    printFigures('Faults: instance killed mid-digest', {
      'killed': `${victim.name} (SIGKILL) ${((killedAt - digest.slot.getTime()) / 1000).toFixed(1)} s after the slot, its posts in flight`,
      'claims by instance': JSON.stringify(countBy(claims, (c) => String(c.owner).slice(0, 8))),
      'taken over by the survivor': `${recoveredLog.length} digests`,
      'every outcome recorded': `${((allDoneAt - killedAt) / 1000).toFixed(0)} s after the kill`,
      'digests per subscription': JSON.stringify(Object.fromEntries(seen)),
      'outcomes': JSON.stringify(Object.fromEntries([...outcomes].map(([k, o]) => [k, `${o.state}${o.recovered ? ' (found already posted)' : ''}`]))),
      'held posts dropped with the instance': p.slackProxy.hits.filter((h) => h.dropped).length,
    });
    console.log(`digest status, as a steward sees it:\n${status.text.split('\nsection')[0]}`);

    // No silent loss: every subscription has an outcome.
    expect([...outcomes.keys()].sort()).toEqual(SUBSCRIPTIONS.map((s) => `${s.platform}:${s.channelId}`).sort());
    // No duplicate anywhere.
    expect([...seen.values()].every((n) => n <= 1), JSON.stringify(Object.fromEntries(seen))).toBe(true);
    // Slack can be asked, so every Slack digest went out exactly once, and is recorded as sent.
    for (const s of SUBSCRIPTIONS.filter((x) => x.platform === 'slack')) {
      const id = `slack:${s.channelId}`;
      expect(seen.get(id), id).toBe(1);
      expect(outcomes.get(id)?.state, id).toBe('sent');
    }
    // Teams cannot be asked: a post that may have landed is "unknown" (shown, not re-sent); anything else was sent.
    for (const s of SUBSCRIPTIONS.filter((x) => x.platform === 'teams')) {
      const id = `teams:${s.channelId}`;
      const o = outcomes.get(id)!;
      expect(['sent', 'unknown'], id).toContain(o.state);
      if (o.state === 'sent') expect(seen.get(id), id).toBe(1);
    }
    // The dead instance had work in flight, and the survivor took it over.
    expect(recoveredLog.length).toBeGreaterThan(0);
    expect(p.slackProxy.hits.some((h) => h.dropped) || [...outcomes.values()].some((o) => o.recovered)).toBe(true);
    // digest status tells a steward what happened to each.
    const sent = [...outcomes.values()].filter((o) => o.state === 'sent').length;
    const unknown = [...outcomes.values()].filter((o) => o.state === 'unknown').length;
    expect(status.text).toContain(`${sent} sent`);
    if (unknown > 0) {
      expect(status.text).toContain(`${unknown} need attention`);
      expect(status.text).toContain('NEEDS ATTENTION');
    }
    expect(survivor.running()).toBe(true);
  });
});

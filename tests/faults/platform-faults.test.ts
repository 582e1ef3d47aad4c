// Faults (issue 6, item 2c): Slack's Web API and the Teams connector answering
// 429, 500, or slowly, in front of a real bot process. Updates are still saved
// (and only when the person is told so), people are still answered — through
// response_url on Slack when the ack had to go out empty — and digests are
// retried until each subscription has exactly one.
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDbName } from '../support/test-env.js';
import { startBotProcess, type BotProcess } from '../stress-support/bot-process.js';
import { channelHistory, digestsSeen, waitForOutcomes, type DigestTarget } from '../stress-support/digest-count.js';
import { digestSlotAt, PLAN_TIMEZONE, type DigestSlot } from '../stress-support/digest-slot.js';
import { ensureBuilt } from '../stress-support/ensure-built.js';
import { isDigestPost, slackMethod, teamsMemberLookup, teamsPost, teamsReply, type FaultRule } from '../stress-support/fault-proxy.js';
import { keepAliveAgent } from '../stress-support/http-client.js';
import { classify, reconcile, storedUpdates, type Entry } from '../stress-support/ledger.js';
import { people, SIGNING_SECRET, STEWARD_EMAIL, type Person } from '../stress-support/people.js';
import { startPlatforms, type Platforms } from '../stress-support/platforms.js';
import { allText } from '../support/slack-requests.js';
import { SlackClient } from '../stress-support/slack-client.js';
import { countBy, ms, printFigures } from '../stress-support/stats.js';
import { TeamsClient } from '../stress-support/teams-client.js';

/** The digest slot, this long after the bot is launched (subscriptions and fault rules are in place by then). */
const DIGEST_AFTER_MS = 20_000;
const OPS = 'C0FLTOPS';

const staff = people(3);
const steward = staff.find((p) => p.agency === 'steward')!;
const nth = (agency: string, i: number) => staff.filter((p) => p.agency === agency)[i - 1]!;

const SLACK_DIGESTS = { rateLimited: 'C0FLTD429', failing: 'C0FLTD500', failsAfterPosting: 'C0FLTDLIE', slow: 'C0FLTDSLOW' };
const TEAMS_DIGESTS = { rateLimited: '19:flt-police@thread.tacv2', failing: '19:flt-ird@thread.tacv2', slow: '19:flt-mbie@thread.tacv2' };
const SUBSCRIPTIONS: (DigestTarget & { who: Person; agency: string })[] = [
  { platform: 'slack', channelId: SLACK_DIGESTS.rateLimited, who: nth('police', 1), agency: 'police' },
  { platform: 'slack', channelId: SLACK_DIGESTS.failing, who: nth('customs', 1), agency: 'customs' },
  { platform: 'slack', channelId: SLACK_DIGESTS.failsAfterPosting, who: nth('ird', 1), agency: 'ird' },
  { platform: 'slack', channelId: SLACK_DIGESTS.slow, who: steward, agency: 'all' },
  { platform: 'teams', channelId: TEAMS_DIGESTS.rateLimited, who: nth('police', 1), agency: 'police' },
  { platform: 'teams', channelId: TEAMS_DIGESTS.failing, who: nth('ird', 1), agency: 'ird' },
  { platform: 'teams', channelId: TEAMS_DIGESTS.slow, who: nth('mbie', 1), agency: 'mbie' },
];

let p: Platforms;
let bot: BotProcess;
let client: MongoClient;
let db: Db;
let digest: DigestSlot;
const agent = keepAliveAgent(20);
let slack: SlackClient;
let teams: TeamsClient;
const entries: Entry[] = [];
let n = 0;

/** Digest posts misbehave from the start: the slot fires while the interactive tests run. */
function digestFaults(): FaultRule[] {
  const slackDigest = (channel: string) => slackMethod('chat.postMessage', (q) => isDigestPost(q) && q.channel === channel);
  return [
    { name: 'slack digest 429', match: slackDigest(SLACK_DIGESTS.rateLimited), fault: { kind: 'status', status: 429, headers: { 'retry-after': '2' } }, times: 2 },
    { name: 'slack digest 500', match: slackDigest(SLACK_DIGESTS.failing), fault: { kind: 'status', status: 500 }, times: 2 },
    { name: 'slack digest posted, answered 500', match: slackDigest(SLACK_DIGESTS.failsAfterPosting), fault: { kind: 'fail-after', status: 500 }, times: 1 },
    { name: 'slack digest slow', match: slackDigest(SLACK_DIGESTS.slow), fault: { kind: 'slow', ms: 3000 }, times: 1 },
    { name: 'teams digest 429', match: teamsPost(TEAMS_DIGESTS.rateLimited), fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, times: 2 },
    // More 500s than the connector client's own retries (3): the scheduler has to try again.
    { name: 'teams digest 500', match: teamsPost(TEAMS_DIGESTS.failing), fault: { kind: 'status', status: 500 }, times: 5 },
    { name: 'teams digest slow', match: teamsPost(TEAMS_DIGESTS.slow), fault: { kind: 'slow', ms: 3000 }, times: 1 },
  ];
}

beforeAll(async () => {
  ensureBuilt();
  p = await startPlatforms(staff);
  const dbName = testDbName('platform');
  client = new MongoClient(inject('mongoUri'));
  db = client.db(dbName);
  digest = digestSlotAt(new Date(Date.now() + DIGEST_AFTER_MS));
  bot = await startBotProcess('platform-faults', {
    MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName,
    SLACK_BOT_TOKEN: 'xoxb-platform-faults', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: p.slackApiUrl,
    TSOC_ADMINS: STEWARD_EMAIL, DIGEST_SCHEDULE: digest.expression, PLAN_TIMEZONE,
  });
  slack = new SlackClient(agent, p.slack, SIGNING_SECRET);
  teams = new TeamsClient(agent, p.connector, p.serviceUrl);
  for (const [i, s] of SUBSCRIPTIONS.entries()) {
    const text = `subscribe ${s.agency}`;
    const told = s.platform === 'slack'
      ? (await slack.send(bot.url, slack.request({ text, userId: s.who.slack.id, channelId: s.channelId }))).text
      : (await teams.send(bot.url, teams.request({ person: s.who.teams, text, conversation: s.channelId, type: 'channel', teamId: s.channelId, activityId: `sub-${i}` }))).title;
    expect(told, `${s.channelId}: ${text}`).toMatch(/will get the .* digest/);
  }
  expect(Date.now(), 'subscriptions in place before the digest slot (a slow start would make this test prove nothing)').toBeLessThan(digest.slot.getTime() - 2000);
  for (const rule of digestFaults()) {
    p.slackProxy.add(rule);
    p.teamsProxy.add(rule);
  }
}, 120_000);

afterAll(async () => {
  slack?.close();
  await bot?.stop();
  agent.destroy();
  await db?.dropDatabase().catch((err: unknown) => console.warn('could not drop the test database', err)); // a throw-away server anyway
  await client?.close();
  await p?.close();
});

async function slackCommand(person: Person, text: string, intent: Entry['intent'] = 'update') {
  const req = slack.request({ text, userId: person.slack.id, channelId: OPS });
  const sentAt = Date.now();
  const a = await slack.send(bot.url, req);
  const entry: Entry = {
    n: n++, surface: 'slack', intent, bot: 0, key: req.key, status: a.status, ackMs: a.ackMs, answerMs: a.answerMs, late: a.late,
    told: classify(a.text), text: a.text.slice(0, 300), sentAt, ...(a.error ? { error: a.error } : {}),
  };
  entries.push(entry);
  return { ...entry, responseId: req.responseId };
}

async function teamsMessage(person: Person, text: string, intent: Entry['intent'] = 'update') {
  const conversation = `a:personal-${person.teams.id}`;
  const req = teams.request({ person: person.teams, text, conversation, activityId: `flt-${n}` });
  const sentAt = Date.now();
  const a = await teams.send(bot.url, req);
  const entry: Entry = {
    n: n++, surface: 'teams', intent, bot: 0, key: req.key, status: a.status, ackMs: a.ms, answerMs: a.ms, late: false,
    told: classify(a.title), text: `${a.title}\n${a.text}`.slice(0, 300), sentAt, ...(a.error ? { error: a.error } : {}),
  };
  entries.push(entry);
  return entry;
}

/** The in-channel announcement of an update, posted through response_url when chat.postMessage failed. */
function announcedThroughResponseUrl(responseId: string) {
  return slack.responses.next(responseId, (r) => r.body.response_type === 'in_channel', 10_000);
}

describe('Slack Web API misbehaving', () => {
  it('429 or 500 on the channel announcement: the update is saved, the person told, the announcement goes through response_url', async () => {
    const jane = nth('police', 2);
    await slackCommand(jane, 'whoami', 'lookup');
    for (const [status, headers] of [[429, { 'retry-after': '1' }], [500, {}]] as const) {
      p.slackProxy.add({ name: `announce ${status}`, match: slackMethod('chat.postMessage', (q) => q.channel === OPS), fault: { kind: 'status', status, headers }, times: 3 });
      for (let i = 1; i <= 3; i++) {
        const r = await slackCommand(jane, `update 7 on-track flt-a${status}-${i} Announcement refused`);
        expect(r.told, r.text).toBe('saved');
        expect(r.ackMs).toBeLessThan(3000);
        const announcement = await announcedThroughResponseUrl(r.responseId);
        expect(allText(announcement?.body), `announcement after a ${status}`).toContain(`flt-a${status}-${i}`);
      }
      expect(p.slackProxy.hits.filter((h) => h.rule === `announce ${status}`)).toHaveLength(3);
    }
  });

  it('a slow chat.postMessage: the answer comes at once, the announcement when Slack gets round to it', async () => {
    const jane = nth('police', 2);
    p.slackProxy.add({ name: 'announce slow', match: slackMethod('chat.postMessage', (q) => q.channel === OPS), fault: { kind: 'slow', ms: 4000 }, times: 2 });
    const r = await slackCommand(jane, 'update 5 on-track flt-slowpost Slack is slow today');
    expect(r.told).toBe('saved');
    expect(r.ackMs).toBeLessThan(3000);
    const until = Date.now() + 15_000;
    let posted = false;
    while (!posted && Date.now() < until) {
      posted = (await channelHistory(p.slack, OPS)).some((m) => JSON.stringify(m).includes('flt-slowpost'));
      if (!posted) await new Promise((res) => setTimeout(res, 250));
    }
    expect(posted, 'announcement in the channel').toBe(true);
  });

  it('a slow users.info: acknowledged empty inside 3 s, the answer arrives through response_url', async () => {
    const newcomer = nth('customs', 2); // never seen: the bot has to ask Slack who this is
    p.slackProxy.add({ name: 'users.info slow', match: slackMethod('users.info', (q) => q.user === newcomer.slack.id), fault: { kind: 'slow', ms: 4000 }, times: 1 });
    const r = await slackCommand(newcomer, 'update 11 on-track flt-slowid Border pilot started');
    expect(r.ackMs).toBeLessThan(3000);
    expect(r.late).toBe(true);
    expect(r.told, r.text).toBe('saved');
  });

  for (const [status, agency] of [[500, 'mbie'], [429, 'moj']] as const) {
    it(`users.info answering ${status}: an update is not saved and the person is told so; look-ups still answered; saved once Slack is back`, async () => {
      const newcomer = nth(agency, 2);
      const rule = `users.info ${status}`;
      p.slackProxy.add({ name: rule, match: slackMethod('users.info', (q) => q.user === newcomer.slack.id), fault: { kind: 'status', status, headers: status === 429 ? { 'retry-after': '30' } : {} } });
      const item = agency === 'mbie' ? '10' : '4b';
      const refused = await slackCommand(newcomer, `update ${item} on-track flt-noid${status} While Slack cannot say who I am`);
      expect(refused.told, refused.text).toBe('unavailable');
      const look = await slackCommand(newcomer, `who coordinates ${item}`, 'lookup');
      expect(look.text).toContain(`${item} is coordinated by`);
      p.slackProxy.remove(rule);
      const saved = await slackCommand(newcomer, `update ${item} on-track flt-id${status} Slack knows me again`);
      expect(saved.told, saved.text).toBe('saved');
    });
  }
});

describe('Teams connector misbehaving', () => {
  const aroha = nth('police', 3);
  it('429, 500 and a slow answer on the reply: the update is saved and the reply delivered', async () => {
    await teamsMessage(aroha, 'whoami', 'lookup');
    const conversation = `a:personal-${aroha.teams.id}`;
    const cases: [string, FaultRule['fault'], number][] = [
      ['reply 429', { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 2],
      ['reply 500', { kind: 'status', status: 500 }, 2],
      ['reply slow', { kind: 'slow', ms: 5000 }, 1],
    ];
    for (const [name, fault, times] of cases) {
      p.teamsProxy.add({ name, match: teamsReply(conversation), fault, times });
      const r = await teamsMessage(aroha, `update 6 on-track flt-t${name.replace(/\W/g, '')} Connector trouble`);
      expect(r.status).toBe(200);
      expect(r.told, `${name}: ${r.text}`).toBe('saved');
      expect(r.ackMs, 'inside Teams’ 15 s').toBeLessThan(15_000);
      expect(p.teamsProxy.hits.filter((h) => h.rule === name)).toHaveLength(times);
    }
  });

  it('member look-up answering 500: an update is not saved and the person is told so; saved once the connector is back', async () => {
    const newcomer = nth('ird', 3);
    p.teamsProxy.add({ name: 'members 500', match: teamsMemberLookup(newcomer.teams.id), fault: { kind: 'status', status: 500 } });
    const refused = await teamsMessage(newcomer, 'update 13b on-track flt-tnoid While Teams cannot say who I am');
    expect(refused.told, refused.text).toBe('unavailable');
    p.teamsProxy.remove('members 500');
    const saved = await teamsMessage(newcomer, 'update 13b on-track flt-tid Teams knows me again');
    expect(saved.told, saved.text).toBe('saved');
  });

  it('keeps the record exact: every update told saved is stored, nothing else is', async () => {
    const books = reconcile(entries, await storedUpdates(db));
    expect(books.lost).toEqual([]);
    expect(books.unacknowledged).toEqual([]);
    expect(books.duplicates).toEqual([]);
    expect(entries.filter((e) => e.told === 'nothing' || e.status !== 200).map((e) => e.text)).toEqual([]);
  });
});

describe('digests through a misbehaving platform', () => {
  it('are retried until each subscription has exactly one, and digest status says so', async () => {
    const outcomes = await waitForOutcomes(db, SUBSCRIPTIONS, digest.slot, 150_000);
    const seen = await digestsSeen(p.slack, p.connector, SUBSCRIPTIONS, digest.slot);
    const status = await slack.send(bot.url, slack.request({ text: 'digest status', userId: steward.slack.id, channelId: OPS }));
    const hits = [...p.slackProxy.hits, ...p.teamsProxy.hits];
    printFigures('Faults: Slack and Teams answering 429, 500 or slowly', {
      'interactive requests': `${entries.length}, answered ${entries.filter((e) => e.told !== 'nothing').length}, late (Slack, via response_url) ${entries.filter((e) => e.late).length}`,
      'faults injected': JSON.stringify(countBy(hits, (h) => h.rule)),
      'slowest Slack ack': ms(Math.max(...entries.filter((e) => e.surface === 'slack').map((e) => e.ackMs))),
      'digests per subscription': JSON.stringify(Object.fromEntries(seen)),
      'digest outcomes (state, attempts)': JSON.stringify(Object.fromEntries([...outcomes].map(([k, o]) => [k, `${o.state}/${o.attempts}${o.recovered ? '/found-posted' : ''}`]))),
    });
    expect([...seen.values()], JSON.stringify(Object.fromEntries(seen))).toEqual(SUBSCRIPTIONS.map(() => 1));
    expect([...outcomes.values()].map((o) => o.state)).toEqual(SUBSCRIPTIONS.map(() => 'sent'));
    // The scheduler had to try again where the platform refused (a Teams 429 with Retry-After is
    // retried inside the connector client, so the scheduler may never see it: it was injected, though).
    for (const id of [`slack:${SLACK_DIGESTS.rateLimited}`, `slack:${SLACK_DIGESTS.failing}`, `slack:${SLACK_DIGESTS.failsAfterPosting}`, `teams:${TEAMS_DIGESTS.failing}`]) {
      expect(outcomes.get(id)?.attempts, id).toBeGreaterThan(1);
    }
    for (const rule of digestFaults()) expect(hits.filter((h) => h.rule === rule.name), rule.name).toHaveLength(rule.times!);
    // Slack posted it but answered 500: found on the platform, not posted again.
    expect(outcomes.get(`slack:${SLACK_DIGESTS.failsAfterPosting}`)?.recovered).toBe(true);
    expect(status.text).toContain(`${SUBSCRIPTIONS.length} sent`);
    expect(bot.running()).toBe(true);
  });
});

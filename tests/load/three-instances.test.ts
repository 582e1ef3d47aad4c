// Load, several instances (issue 6, items 1 and 4): three real bot processes
// (node dist/src/main.js) on one database, no balancer — the generator spreads
// 10,000 signed Slack /tsoc requests and 2,000 Teams activities round-robin
// over them at 50 concurrent clients, while the digest fires. Afterwards:
// zero 5xx, every Slack acknowledgement inside 3 s (late answers arrive through
// response_url), the database holds exactly the updates people were told were
// saved (by request key), refusals stored nothing, and each subscription got
// exactly one digest for the slot.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { FakeConnector } from '../teams/support/fake-connector.js';
import { testDbName } from '../support/test-env.js';
import { problems, startBotProcess, stopAll, type BotProcess } from '../stress-support/bot-process.js';
import { digestSlotAt, PLAN_TIMEZONE, type DigestSlot } from '../stress-support/digest-slot.js';
import { digestsSeen, waitForOutcomes, type DigestTarget } from '../stress-support/digest-count.js';
import { ensureBuilt } from '../stress-support/ensure-built.js';
import { keepAliveAgent } from '../stress-support/http-client.js';
import { classify, reconcile, storedUpdates, type Entry } from '../stress-support/ledger.js';
import { buildMix, countBy, type Job } from '../stress-support/load-mix.js';
import { people, SIGNING_SECRET, STEWARD_EMAIL, type Person } from '../stress-support/people.js';
import { runPool } from '../stress-support/run-pool.js';
import { SlackClient, type SlackRequest } from '../stress-support/slack-client.js';
import { latency, latencyBy, ms, overTime, printFigures } from '../stress-support/stats.js';
import { TeamsClient, type TeamsRequest } from '../stress-support/teams-client.js';
import { checkProjection } from '../stress-support/projection.js';

// Counts and pace: the figures by default. Overriding them is explicit and printed.
const SLACK_REQUESTS = Number(process.env.LOAD_SLACK_REQUESTS ?? 10_000);
const TEAMS_ACTIVITIES = Number(process.env.LOAD_TEAMS_ACTIVITIES ?? 2_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 50);
const SEED = Number(process.env.LOAD_SEED ?? 20_260_806);
/** No request starts after this; the ones not sent fail the test (bounded in time, never shrunk silently). */
const DEADLINE_MS = Number(process.env.LOAD_DEADLINE_S ?? 420) * 1000;
/** The digest slot, this long after the bots are launched: inside the load. */
const DIGEST_AFTER_MS = Number(process.env.LOAD_DIGEST_AFTER_S ?? 30) * 1000;
const INSTANCES = 3;

const staff = people(4);
const steward = staff.find((p) => p.agency === 'steward')!;
const first = (agency: string) => staff.find((p) => p.agency === agency)!;
const SLACK_CHANNELS = ['C0OPS1', 'C0OPS2', 'C0OPS3', 'C0OPS4', 'C0OPS5', 'C0OPS6'];

/** Channels and conversations that subscribe before the load, and who subscribes them. */
const SUBSCRIPTIONS: (DigestTarget & { who: Person; agency: string; type?: 'channel' | 'groupChat' })[] = [
  { platform: 'slack', channelId: 'C0DIGPOLICE', who: first('police'), agency: 'police' },
  { platform: 'slack', channelId: 'C0DIGCUSTOMS', who: first('customs'), agency: 'customs' },
  { platform: 'slack', channelId: 'C0DIGMBIE', who: first('mbie'), agency: 'mbie' },
  { platform: 'slack', channelId: 'C0DIGIRD', who: first('ird'), agency: 'ird' },
  { platform: 'slack', channelId: 'C0DIGALL', who: steward, agency: 'all' },
  { platform: 'teams', channelId: '19:police-tsoc@thread.tacv2', who: first('police'), agency: 'police', type: 'channel' },
  { platform: 'teams', channelId: '19:moj-tsoc@thread.tacv2', who: first('moj'), agency: 'justice', type: 'channel' },
  { platform: 'teams', channelId: '19:health-tsoc@thread.v2', who: first('health'), agency: 'health', type: 'groupChat' },
  { platform: 'teams', channelId: '19:stewards@thread.tacv2', who: steward, agency: 'all', type: 'channel' },
];

let slack: FakeSlack;
let connector: FakeConnector;
let bots: BotProcess[] = [];
let client: MongoClient;
let db: Db;
let dbName: string;
let digest: DigestSlot;
const agent = keepAliveAgent(CONCURRENCY + 10);
let slackClient: SlackClient;
let teamsClient: TeamsClient;

beforeAll(async () => {
  ensureBuilt();
  slack = await startFakeSlack();
  connector = await new FakeConnector().start();
  for (const p of staff) {
    slack.users.set(p.slack.id, p.slack);
    connector.addMember(p.teams);
  }
  dbName = testDbName('load');
  client = new MongoClient(inject('mongoUri'));
  db = client.db(dbName);
  digest = digestSlotAt(new Date(Date.now() + DIGEST_AFTER_MS));
  // Three instances launched together on a fresh database: each creates indexes and loads the plan.
  bots = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      startBotProcess(`bot-${i + 1}`, {
        MONGODB_URI: inject('mongoUri'),
        MONGODB_DB: dbName,
        // A token per instance: the fake Slack records which instance made each call.
        SLACK_BOT_TOKEN: `xoxb-load-instance-${i + 1}`,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        TSOC_ADMINS: STEWARD_EMAIL,
        DIGEST_SCHEDULE: digest.expression,
        PLAN_TIMEZONE,
      }),
    ),
  );
  // A late answer through response_url is waited for up to 2 minutes (Slack keeps a response_url for 30).
  slackClient = new SlackClient(agent, slack, SIGNING_SECRET, 120_000);
  teamsClient = new TeamsClient(agent, connector, connector.url);
}, 120_000);

afterAll(async () => {
  slackClient?.close();
  await stopAll(bots);
  agent.destroy();
  await db?.dropDatabase().catch((err: unknown) => console.warn('could not drop the load database', err)); // the suite's server is thrown away anyway
  await client?.close();
  await slack?.close();
  await connector?.stop();
});

async function subscribeAll(): Promise<void> {
  for (const [i, s] of SUBSCRIPTIONS.entries()) {
    const bot = bots[i % INSTANCES]!;
    const text = `subscribe ${s.agency}`;
    let told: string;
    if (s.platform === 'slack') {
      const answer = await slackClient.send(bot.url, slackClient.request({ text, userId: s.who.slack.id, channelId: s.channelId }));
      told = answer.text;
    } else {
      const req = teamsClient.request({
        person: s.who.teams, text, conversation: s.channelId, type: s.type ?? 'channel', activityId: `sub-${i}`,
        ...(s.type === 'channel' ? { teamId: s.channelId } : {}),
      });
      told = (await teamsClient.send(bot.url, req)).title;
    }
    expect(told, `${s.platform} ${s.channelId}: ${text}`).toMatch(/will get the .* digest/);
  }
}

/** The answer a job must get, given what its original got (replays). */
function expected(job: Job, original: Entry | undefined): string[] {
  switch (job.intent) {
    case 'lookup': return ['answer'];
    case 'update': return ['saved'];
    case 'refused': return ['refused'];
    case 'invalid': return ['invalid'];
    case 'replay':
      if (original?.told === 'saved' || original?.told === 'already-saved') return ['already-saved'];
      return [original?.told ?? 'refused'];
  }
}

describe('three instances under load, with the digest firing', () => {
  it('answers every request in time, loses no acknowledged update, stores nothing unacknowledged, and sends each digest once', async () => {
    await subscribeAll();
    expect(Date.now(), 'subscriptions in place before the digest slot (a slow start would make this test prove nothing)').toBeLessThan(digest.slot.getTime() - 2000);
    const jobs = buildMix({
      seed: SEED, slack: SLACK_REQUESTS, teams: TEAMS_ACTIVITIES, people: staff,
      updateShare: { slack: 0.2, teams: 0.3 }, slackChannels: SLACK_CHANNELS,
      teamsConversation: (p) => `a:personal-${p.teams.id}`,
    });
    const entries: Entry[] = new Array(jobs.length);
    const done = new Map<number, Promise<void>>();
    const releases = new Map<number, () => void>();
    for (const j of jobs) done.set(j.n, new Promise<void>((resolve) => releases.set(j.n, resolve)));
    const slackSent = new Map<number, SlackRequest>();
    const teamsSent = new Map<number, TeamsRequest>();
    const lag = monitorEventLoopDelay({ resolution: 20 });
    lag.enable();

    const run = async (job: Job, i: number) => {
      const botIndex = i % INSTANCES;
      const bot = bots[botIndex]!;
      // A replay goes out only after its original has been answered.
      if (job.replayOf !== undefined) await done.get(job.replayOf);
      const original = job.replayOf !== undefined ? entries[job.replayOf] : undefined;
      const sentAt = Date.now();
      try {
        let entry: Omit<Entry, 'wrongAnswer'>;
        if (job.surface === 'slack') {
          let req = job.replayOf !== undefined ? slackSent.get(job.replayOf) : undefined;
          // Half the replays come back as Slack's own retries (X-Slack-Retry-Num), half as a captured request sent again.
          const retry: Record<string, string> = job.replayOf !== undefined && job.n % 2 === 0 ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {};
          req ??= slackClient.request({ text: job.text, userId: job.person.slack.id, channelId: job.channel });
          slackSent.set(job.n, req);
          const a = await slackClient.send(bot.url, req, retry);
          entry = {
            n: job.n, surface: 'slack', intent: job.intent, bot: botIndex, key: req.key, status: a.status, ackMs: a.ackMs, answerMs: a.answerMs,
            late: a.late, told: classify(a.text), text: a.text.slice(0, 300), sentAt, ...(job.tag ? { tag: job.tag } : {}), ...(a.error ? { error: a.error } : {}),
          };
        } else {
          const first = job.replayOf !== undefined ? teamsSent.get(job.replayOf) : undefined;
          const req = first ? teamsClient.again(first) : teamsClient.request({ person: job.person.teams, text: job.text, conversation: job.channel, activityId: `act-${job.n}` });
          teamsSent.set(job.n, req);
          const a = await teamsClient.send(bot.url, req);
          entry = {
            n: job.n, surface: 'teams', intent: job.intent, bot: botIndex, key: req.key, status: a.status, ackMs: a.ms, answerMs: a.ms,
            late: false, told: classify(a.title), text: `${a.title}\n${a.text}`.slice(0, 300), sentAt, ...(job.tag ? { tag: job.tag } : {}), ...(a.error ? { error: a.error } : {}),
          };
        }
        const wrongAnswer = !expected(job, original).includes(entry.told) || (job.intent === 'lookup' && job.expect !== undefined && !job.expect.test(entry.text));
        entries[i] = { ...entry, ...(wrongAnswer ? { wrongAnswer } : {}) };
      } finally {
        releases.get(job.n)!();
      }
    };

    const loadStart = Date.now();
    const pool = await runPool(jobs, CONCURRENCY, loadStart + DEADLINE_MS, run);
    const loadEnd = Date.now();
    lag.disable();
    slackClient.close();
    const sent = entries.filter(Boolean);

    // Digests: every subscription's outcome for the slot, and what the platforms show.
    const outcomes = await waitForOutcomes(db, SUBSCRIPTIONS, digest.slot, 120_000);
    const seen = await digestsSeen(slack, connector, SUBSCRIPTIONS, digest.slot);
    const status = await slackClient.send(bots[0]!.url, slackClient.request({ text: 'digest status', userId: steward.slack.id, channelId: 'C0OPS1' }));

    // The record: by request key, against what people were told.
    const books = reconcile(sent, await storedUpdates(db));
    const projection = await checkProjection(db);

    const slackE = sent.filter((e) => e.surface === 'slack');
    const teamsE = sent.filter((e) => e.surface === 'teams');
    const fiveXX = sent.filter((e) => e.status >= 500);
    const failed = sent.filter((e) => e.status !== 200 || e.error);
    const slowAcks = slackE.filter((e) => e.ackMs >= 3000);
    const late = slackE.filter((e) => e.late);
    const unanswered = sent.filter((e) => e.told === 'nothing');
    const wrong = sent.filter((e) => e.wrongAnswer);
    const refusedRight = sent.filter((e) => e.intent === 'refused' && e.told === 'refused').length;
    const slackLat = latency(slackE.map((e) => e.answerMs));
    const slackAck = latency(slackE.map((e) => e.ackMs));
    const teamsLat = latency(teamsE.map((e) => e.answerMs));
    const digestCounts = [...seen.values()];
    const perBot = countBy(sent, (e) => `bot-${e.bot + 1}`);
    printFigures('Load: three instances, one database', {
      'database': `${inject('dbEngine')} (one server, database ${dbName})`,
      'requests sent': `${sent.length} of ${jobs.length} (Slack ${slackE.length}, Teams ${teamsE.length}); not sent before the deadline: ${pool.notStarted}`,
      'mix (sent)': JSON.stringify(countBy(sent, (e) => `${e.surface}:${e.intent}`)),
      'per instance': JSON.stringify(perBot),
      'concurrency': `${CONCURRENCY} clients, seed ${SEED}`,
      'duration': `${pool.seconds.toFixed(1)} s, ${(sent.length / pool.seconds).toFixed(0)} requests/s overall`,
      'errors (non-200 or no response)': failed.length,
      '5xx': fiveXX.length,
      'Slack answer p50 / p99 / max': `${ms(slackLat.p50)} / ${ms(slackLat.p99)} / ${ms(slackLat.max)}`,
      'Slack ack p50 / p99 / max': `${ms(slackAck.p50)} / ${ms(slackAck.p99)} / ${ms(slackAck.max)}`,
      'Slack acks at or over 3 s': slowAcks.length,
      'Slack late (empty ack, answer via response_url)': `${late.length} (unanswered ${late.filter((e) => e.told === 'nothing').length})`,
      'Teams answer p50 / p99 / max': `${ms(teamsLat.p50)} / ${ms(teamsLat.p99)} / ${ms(teamsLat.max)}`,
      'Teams answers over 15 s (Teams would re-send)': teamsE.filter((e) => e.answerMs > 15_000).length,
      'Slack late answers p50 / p99 / max': (() => { const l = latency(late.map((e) => e.answerMs)); return `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}`; })(),
      'unanswered': unanswered.length,
      'wrong answers': wrong.length,
      'updates acknowledged (by key)': books.acknowledged,
      'updates stored (by key)': books.stored,
      'lost writes (told saved, not stored)': books.lost.length,
      'stored but not acknowledged': books.unacknowledged.length,
      'duplicates': books.duplicates.length,
      'refused/invalid that stored something': books.refusedStored.length,
      'refused as expected': refusedRight,
      'current-status projection behind the log': projection.behind.length,
      'digest slot': `${digest.slot.toISOString()} (${((digest.slot.getTime() - loadStart) / 1000).toFixed(1)} s into a ${((loadEnd - loadStart) / 1000).toFixed(1)} s load)`,
      'digests per subscription': JSON.stringify(Object.fromEntries(seen)),
      'digest outcomes': JSON.stringify(countBy([...outcomes.values()], (o) => o.state)),
      'answer p50/p99 by kind': latencyBy(sent, (e) => `${e.surface}:${e.intent}`, (e) => e.answerMs),
      'over time (all requests)': overTime(sent, (e) => e.sentAt, (e) => e.answerMs),
      'generator event-loop delay p99': ms(lag.percentile(99) / 1e6),
      'bot log lines at warn / error': bots.map((b) => `${b.name} ${b.logs.filter((l) => l.level === 'warn').length}/${b.logs.filter((l) => l.level === 'error').length}`).join(', '),
    });
    const sample = (list: Entry[]) => list.slice(0, 5).map((e) => ({ n: e.n, surface: e.surface, intent: e.intent, status: e.status, told: e.told, text: e.text, error: e.error }));

    try {
      expect(pool.notStarted, 'requests not sent before the deadline').toBe(0);
      expect(sample(fiveXX), '5xx').toEqual([]);
      expect(sample(failed), 'errors').toEqual([]);
      expect(slowAcks.map((e) => Math.round(e.ackMs)), 'Slack acknowledgements at or over 3 s').toEqual([]);
      expect(sample(unanswered), 'requests nobody answered').toEqual([]);
      expect(sample(wrong), 'answers that said the wrong thing').toEqual([]);
      expect(books.lost, 'told saved, not in the database').toEqual([]);
      expect(books.unacknowledged, 'in the database, never told saved').toEqual([]);
      expect(books.duplicates, 'stored twice').toEqual([]);
      expect(books.refusedStored, 'refused or invalid, yet stored').toEqual([]);
      expect(projection.behind, 'current status behind the log').toEqual([]);
      // The digest fired while the load ran, and went out once per subscription.
      expect(digest.slot.getTime()).toBeGreaterThan(loadStart);
      expect(digest.slot.getTime()).toBeLessThan(loadEnd);
      expect(digestCounts, JSON.stringify(Object.fromEntries(seen))).toEqual(SUBSCRIPTIONS.map(() => 1));
      expect([...outcomes.values()].map((o) => o.state)).toEqual(SUBSCRIPTIONS.map(() => 'sent'));
      expect(status.text).toContain(`${SUBSCRIPTIONS.length} sent`);
      const errors = bots.flatMap((b) => b.logs.filter((l) => l.level === 'error').map((l) => `${b.name}: ${JSON.stringify(l).slice(0, 300)}`));
      expect(errors, 'errors logged by the bots').toEqual([]);
    } catch (err) {
      // A failing run leaves its whole record behind for whoever looks into it.
      const report = path.join(os.tmpdir(), `tsoc-load-${loadStart}.json`);
      writeFileSync(report, JSON.stringify({ entries: sent, books, projection, outcomes: [...outcomes], logs: bots.map((b) => ({ name: b.name, problems: problems(b), raw: b.rawOutput })) }, null, 1));
      console.log(`every request, answer and bot warning: ${report}`);
      throw err;
    }
  });
});

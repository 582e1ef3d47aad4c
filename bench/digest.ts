// The digest benchmark (docs/decisions/0011): one slot for 500 subscribed Slack channels, through
// the real digest service and SlackNotifier, against the local recording
// Slack server (which answers after BENCH_DIGEST_LATENCY_MS, like Slack over
// the internet). The Slack server runs in a child process, so the memory
// figures are the bot's alone. Prints elapsed time, messages per second and
// peak memory — for 100 channels and for 500, so "flat memory" can be read
// off the two.
//   import { runDigestBench } from './digest.js'; await runDigestBench();
//   BENCH_DIGEST_SUBSCRIPTIONS=500 BENCH_DIGEST_LATENCY_MS=50 (defaults)
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { webApi } from '@slack/bolt';
import { ALL_AGENCIES, subscriptionId } from '../src/core/digest/digest-port.js';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { MongoSubscriptionStore } from '../src/digest-store/mongo-subscription-store.js';
import { createLogger } from '../src/logger.js';
import { createSchedule } from '../src/scheduler/cron-slots.js';
import { createDigestService } from '../src/scheduler/create-digest-service.js';
import { DEFAULT_TUNING } from '../src/scheduler/tuning.js';
import { boltLogger } from '../src/slack/bolt-logger.js';
import { DIGEST_EVENT_TYPE, SlackNotifier } from '../src/slack/slack-notifier.js';
import { connectDatabase } from '../src/store/connect.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';
import { startFakeSlack } from '../tests/fakes/slack-api.js';
import { benchDatabase } from './bench-database.js';

interface Figures {
  subscriptions: number;
  messages: number;
  digests: number;
  elapsedMs: number;
  messagesPerSecond: number;
  peakRssMb: number;
  /** Heap in use at its sampled peak, above the heap before the run (garbage included). */
  peakHeapDeltaMb: number;
  /** Heap still in use after the run and a full collection, above the heap before it. */
  retainedHeapMb: number;
  /** Tightest spacing between two messages (pages) to one channel, as the Slack server saw them. */
  minSameChannelGapMs: number | null;
}

interface SlackSummary {
  messages: number;
  digests: number;
  channels: number;
  minSameChannelGapMs: number | null;
}

const SELF = fileURLToPath(import.meta.url);

/** The recording Slack server in a child process (this file, in its "slack" role). */
async function startSlackProcess(latencyMs: number): Promise<{ apiUrl: string; summary(): Promise<SlackSummary>; close(): Promise<void> }> {
  const child: ChildProcess = fork(SELF, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DIGEST_BENCH_ROLE: 'slack', BENCH_DIGEST_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`bench Slack server exited (${code})`)));
  });
  const { apiUrl } = await next<{ apiUrl: string }>();
  return {
    apiUrl,
    summary: () => {
      const reply = next<SlackSummary>();
      child.send('summary');
      return reply;
    },
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('close');
    }),
  };
}

async function serveSlack(): Promise<void> {
  const slack = await startFakeSlack();
  slack.delays.set('chat.postMessage', Number(process.env.BENCH_DIGEST_LATENCY_MS ?? 50));
  process.on('message', (m) => {
    if (m === 'summary') {
      const posts = slack.callsTo('chat.postMessage');
      const byChannel = new Map<string, number[]>();
      let digests = 0;
      for (const p of posts) {
        const meta = p.params.metadata as { event_type?: string; event_payload?: { delivery_key?: string } } | undefined;
        if (meta?.event_type !== DIGEST_EVENT_TYPE) continue;
        if (!/\/\d+$/.test(meta.event_payload?.delivery_key ?? '')) digests += 1; // a first page: one per digest
        const channel = String(p.params.channel);
        byChannel.set(channel, [...(byChannel.get(channel) ?? []), p.at]);
      }
      let gap: number | null = null;
      for (const t of byChannel.values()) for (let i = 1; i < t.length; i++) gap = Math.min(gap ?? Infinity, t[i]! - t[i - 1]!);
      const summary: SlackSummary = { messages: posts.length, digests, channels: byChannel.size, minSameChannelGapMs: gap };
      process.send!(summary);
    }
    if (m === 'close') void slack.close().then(() => process.exit(0));
  });
  process.send!({ apiUrl: slack.apiUrl });
}

const mb = (n: number) => Math.round((n / 1_048_576) * 10) / 10;

/** A full collection, so heap figures count what is kept rather than garbage not yet collected. */
function collect(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function oneRun(uri: string, count: number, latencyMs: number): Promise<Figures> {
  const slack = await startSlackProcess(latencyMs);
  // As the bot connects: the same client settings, and one write at a time on FerretDB.
  const database = await connectDatabase(uri, `bench_digest_${count}_${Date.now()}`);
  const { db, writes } = database;
  const logger = createLogger('warn');
  try {
    const plan = readPlanFile();
    const store = new MongoPlanStore(db, { writes });
    const subs = new MongoSubscriptionStore(db, writes);
    const agencies = [...plan.agencies.map((a) => a.id), ALL_AGENCIES];
    const slot = createSchedule('0 9 * * 1', 'Pacific/Auckland').latest(new Date())!;
    for (let i = 0; i < count; i++) {
      const channelId = `C${String(i).padStart(5, '0')}`;
      await subs.subscribe({
        id: subscriptionId('slack', channelId), platform: 'slack', channelId, agency: agencies[i % agencies.length]!,
        since: new Date(slot.getTime() - 86_400_000), by: { platform: 'slack', userId: 'UBENCH', displayName: 'Bench', agencies: [] },
      });
    }
    const notifier = new SlackNotifier(new webApi.WebClient('xoxb-bench', {
      slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: boltLogger(logger),
    }));
    const service = createDigestService({
      db, writes, plan, store, notifiers: [notifier], logger,
      config: { DIGEST_SCHEDULE: '0 9 * * 1', PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, TSOC_ADMINS: [] },
      clock: { now: () => new Date(slot.getTime() + 1000) },
    });
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const started = performance.now();
    const report = await service.runSlot(slot);
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    await service.stop();
    collect();
    const retained = process.memoryUsage().heapUsed - heapBefore;
    if (report.sent !== count) throw new Error(`expected ${count} digests sent, got ${JSON.stringify(report)}`);
    const seen = await slack.summary();
    if (seen.digests !== count || seen.channels !== count) throw new Error(`the Slack server saw ${JSON.stringify(seen)} for ${count} subscriptions`);
    return {
      subscriptions: count,
      messages: seen.messages,
      digests: seen.digests,
      elapsedMs: Math.round(elapsedMs),
      messagesPerSecond: Math.round((seen.messages / elapsedMs) * 1000 * 10) / 10,
      peakRssMb: mb(peakRss),
      peakHeapDeltaMb: mb(Math.max(0, peakHeap - heapBefore)),
      retainedHeapMb: mb(retained),
      minSameChannelGapMs: seen.minSameChannelGapMs,
    };
  } finally {
    await db.dropDatabase().catch(() => undefined); // a bench database; failing to drop it changes no figure
    await database.close();
    await slack.close();
  }
}

export async function runDigestBench(): Promise<void> {
  const count = Number(process.env.BENCH_DIGEST_SUBSCRIPTIONS ?? 500);
  const latencyMs = Number(process.env.BENCH_DIGEST_LATENCY_MS ?? 50);
  const database = await benchDatabase('digest');
  const uri = database.uri;
  try {
    console.log(`\nDigest run: one slot, Slack channels via SlackNotifier → local Slack server (another process) answering after ${latencyMs} ms`);
    console.log(`pacing: ${DEFAULT_TUNING.concurrency} deliveries at once, ≥ ${DEFAULT_TUNING.slackIntervalMs} ms between messages to one channel`);
    const rows: Figures[] = [];
    for (const n of [...new Set([Math.min(100, count), count])]) rows.push(await oneRun(uri, n, latencyMs));
    console.table(rows.map((r) => ({
      subscriptions: r.subscriptions,
      digests: r.digests,
      messages: r.messages,
      'elapsed (s)': r.elapsedMs / 1000,
      'messages/s': r.messagesPerSecond,
      'peak RSS (MB)': r.peakRssMb,
      'peak heap growth (MB)': r.peakHeapDeltaMb,
      'retained after (MB)': r.retainedHeapMb,
      'min gap, one channel (ms)': r.minSameChannelGapMs ?? '—',
    })));
    console.log('each channel received exactly one digest, tagged with its delivery key (checked at the Slack server)');
    const last = rows.at(-1)!;
    const floor = (last.messages * latencyMs) / DEFAULT_TUNING.concurrency / 1000;
    console.log(`floor set by pacing (messages × latency ÷ concurrency): ${floor.toFixed(1)} s for ${last.subscriptions} channels; measured ${(last.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    await database.stop();
  }
}

if (process.env.DIGEST_BENCH_ROLE === 'slack') await serveSlack();
// Run directly: node --import tsx bench/digest.ts
else if (process.argv[1] === SELF) await runDigestBench();

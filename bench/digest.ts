// SPEC §10 for digests: one slot for 500 subscribed Slack channels, through
// the real digest service and SlackNotifier, against the local recording
// Slack server (which answers after BENCH_DIGEST_LATENCY_MS, like Slack over
// the internet). Prints elapsed time, messages per second, the tightest
// spacing between two digests to one channel, and peak memory — for 100
// channels and for 500, so "flat memory" can be read off the two.
//   import { runDigestBench } from './digest.js'; await runDigestBench();
//   BENCH_DIGEST_SUBSCRIPTIONS=500 BENCH_DIGEST_LATENCY_MS=50 (defaults)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../src/app/project-root.js';
import { ALL_AGENCIES, subscriptionId } from '../src/core/digest/digest-port.js';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { ensureDigestIndexes } from '../src/digest-store/digest-collections.js';
import { MongoSubscriptionStore } from '../src/digest-store/mongo-subscription-store.js';
import { createLogger } from '../src/logger.js';
import { createSchedule } from '../src/scheduler/cron-slots.js';
import { createDigestService } from '../src/scheduler/create-digest-service.js';
import { DEFAULT_TUNING } from '../src/scheduler/tuning.js';
import { boltLogger } from '../src/slack/bolt-logger.js';
import { DIGEST_EVENT_TYPE, SlackNotifier } from '../src/slack/slack-notifier.js';
import { ensureIndexes } from '../src/store/collections.js';
import { startEmbeddedDatabase } from '../src/store/embedded-server.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';
import { startFakeSlack } from '../tests/fakes/slack-api.js';

interface Figures {
  subscriptions: number;
  messages: number;
  digests: number;
  elapsedMs: number;
  messagesPerSecond: number;
  peakRssMb: number;
  peakHeapDeltaMb: number;
  /** Tightest spacing between the starts of two digests to one channel (none: one digest per channel). */
  minSameChannelGapMs: number | undefined;
}

const mb = (n: number) => Math.round((n / 1_048_576) * 10) / 10;

async function oneRun(uri: string, count: number, latencyMs: number): Promise<Figures> {
  const slack = await startFakeSlack();
  slack.delays.set('chat.postMessage', latencyMs);
  const client = new MongoClient(uri);
  const db = client.db(`bench_digest_${count}_${Date.now()}`);
  const logger = createLogger('warn');
  try {
    await ensureIndexes(db);
    await ensureDigestIndexes(db);
    const plan = readPlanFile();
    const store = new MongoPlanStore(db);
    const subs = new MongoSubscriptionStore(db);
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
      db, plan, store, notifiers: [notifier], logger,
      config: { DIGEST_SCHEDULE: '0 9 * * 1', PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, TSOC_ADMINS: [] },
      clock: { now: () => new Date(slot.getTime() + 1000) },
    });
    global.gc?.();
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
    if (report.sent !== count) throw new Error(`expected ${count} digests sent, got ${JSON.stringify(report)}`);

    const posts = slack.callsTo('chat.postMessage');
    const firstByChannel = new Map<string, number[]>();
    for (const p of posts) {
      const meta = p.params.metadata as { event_type?: string } | undefined;
      if (meta?.event_type !== DIGEST_EVENT_TYPE) continue;
      const channel = String(p.params.channel);
      firstByChannel.set(channel, [...(firstByChannel.get(channel) ?? []), p.at]);
    }
    let minGap: number | undefined;
    for (const times of firstByChannel.values()) {
      for (let i = 1; i < times.length; i++) minGap = Math.min(minGap ?? Infinity, times[i]! - times[i - 1]!);
    }
    return {
      subscriptions: count,
      messages: posts.length,
      digests: [...firstByChannel.values()].reduce((n, t) => n + t.length, 0),
      elapsedMs: Math.round(elapsedMs),
      messagesPerSecond: Math.round((posts.length / elapsedMs) * 1000 * 10) / 10,
      peakRssMb: mb(peakRss),
      peakHeapDeltaMb: mb(Math.max(0, peakHeap - heapBefore)),
      minSameChannelGapMs: minGap,
    };
  } finally {
    await db.dropDatabase().catch(() => undefined); // a bench database; failing to drop it changes no figure
    await client.close();
    await slack.close();
  }
}

export async function runDigestBench(): Promise<void> {
  const count = Number(process.env.BENCH_DIGEST_SUBSCRIPTIONS ?? 500);
  const latencyMs = Number(process.env.BENCH_DIGEST_LATENCY_MS ?? 50);
  let dataDir: string | undefined;
  let stopDb: (() => Promise<void>) | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-bench-digest-'));
    const db = await startEmbeddedDatabase({ dataDir, projectRoot: projectRoot() });
    uri = db.uri;
    stopDb = () => db.stop();
  }
  try {
    console.log(`\nDigest run: one slot, Slack channels via SlackNotifier → local Slack server answering after ${latencyMs} ms`);
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
    })));
    const last = rows.at(-1)!;
    const floor = (last.messages * latencyMs) / DEFAULT_TUNING.concurrency / 1000;
    console.log(`floor set by pacing (messages × latency ÷ concurrency): ${floor.toFixed(1)} s for ${last.subscriptions} channels; measured ${(last.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    await stopDb?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run directly: node --import tsx bench/digest.ts
if (import.meta.url === `file://${process.argv[1]}`) await runDigestBench();

// What bounds the update path: the store alone (no HTTP, no Slack) on the
// embedded FerretDB, beside the costs underneath it — the disk's sync time,
// FerretDB's cost per command (a ping, one acknowledged insert) — and the
// commands each update sends. Also the look-ups that used to scan the log
// (`history`, a request delivered again) with the log grown to BENCH_LOG updates.
//   npx tsx bench/store-writes.ts          (also part of npm run bench)
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import { projectRoot } from '../src/app/project-root.js';
import type { NewStatusUpdate } from '../src/core/store-port.js';
import { ensureIndexes } from '../src/store/collections.js';
import { startEmbeddedDatabase } from '../src/store/embedded-server.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';
import { serialWriteQueue } from '../src/store/write-queue.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const LOG_SIZE = Number(process.env.BENCH_LOG ?? 2000);
const ITEMS = Array.from({ length: 40 }, (_, i) => String(1 + (i % 18)) + (i >= 18 ? 'x' : ''));

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface Timing {
  name: string;
  n: number;
  p50: number;
  p99: number;
  perSecond: number;
  note?: string;
}

async function timeMany(name: string, n: number, concurrency: number, one: (i: number) => Promise<unknown>, note?: string): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await one(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, n, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), perSecond: n / seconds, ...(note ? { note } : {}) };
}

/** The disk's durable-write cost: a small append and fsync, as SQLite's commit does. */
function fsyncProbe(dir: string, n = 300): Timing {
  const file = path.join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(512, 1);
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    writeSync(fd, block);
    fsyncSync(fd);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  latencies.sort((a, b) => a - b);
  return { name: 'disk: 512 B write + fsync', n, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), perSecond: n / seconds };
}

function update(i: number, tag: string, at = new Date()): NewStatusUpdate {
  const itemId = ITEMS[i % ITEMS.length]!;
  return {
    itemId, action: Number.parseInt(itemId, 10), status: i % 3 ? 'on-track' : 'at-risk', note: `${tag}-${i} Pilot under way in Auckland`,
    at, requestKey: `${tag}:${i}`, by: { platform: 'slack', userId: `U${i % 50}`, displayName: `Bench Officer ${i % 50}`, email: `bench${i % 50}@police.govt.nz`, agencies: ['police'] },
    source: { platform: 'slack', channelId: 'C0BENCH' },
  };
}

export async function runStoreBench(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-store-bench-'));
  const server = await startEmbeddedDatabase({ dataDir, projectRoot: projectRoot() });
  const client = await new MongoClient(server.uri, { monitorCommands: true, maxPoolSize: 50 }).connect();
  const commands = new Map<string, number>();
  client.on('commandStarted', (e: CommandStartedEvent) => {
    const target = typeof e.command[e.commandName] === 'string' ? `${e.commandName} ${e.command[e.commandName] as string}` : e.commandName;
    commands.set(target, (commands.get(target) ?? 0) + 1);
    targets.set(e.requestId, target);
  });
  // Time spent in each kind of command, as the driver saw it (round trip included).
  const targets = new Map<number, string>();
  const spent = new Map<string, number>();
  client.on('commandSucceeded', (e: CommandSucceededEvent) => {
    const target = targets.get(e.requestId);
    targets.delete(e.requestId);
    if (target) spent.set(target, (spent.get(target) ?? 0) + e.duration);
  });
  const timePerCommand = (n: number) =>
    [...spent].sort((a, b) => b[1] - a[1]).map(([c, ms]) => `${c} ${(ms / (commands.get(c) || 1)).toFixed(2)} ms × ${((commands.get(c) ?? 0) / n).toFixed(2)}`).join(', ');
  try {
    const db = client.db(`storebench_${randomUUID().slice(0, 8)}`);
    await ensureIndexes(db);
    const store = new MongoPlanStore(db, { writes: serialWriteQueue() });
    const results: Timing[] = [fsyncProbe(dataDir)];
    results.push(await timeMany('FerretDB: ping', 500, 1, () => db.command({ ping: 1 })));
    const probe = db.collection<{ _id: string; n: number }>('probe');
    results.push(await timeMany('FerretDB: insertOne (acknowledged)', 300, 1, (i) => probe.insertOne({ _id: `p${i}`, n: i })));
    results.push(await timeMany('FerretDB: findOne by _id', 500, 1, (i) => probe.findOne({ _id: `p${i % 300}` })));

    // The log grown first, as after a long run.
    const base = Date.now() - LOG_SIZE * 1000;
    await timeMany('prefill', LOG_SIZE, CONCURRENCY, (i) => store.recordUpdate(update(i, 'fill', new Date(base + i * 1000))));
    await store.settled();

    commands.clear();
    spent.clear();
    const one = await timeMany('store: update, 1 client', 300, 1, (i) => store.recordUpdate(update(i, 'one')));
    const perUpdate = [...commands].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${(n / 300).toFixed(2)}`).join(', ');
    results.push({ ...one, note: `commands per update: ${perUpdate}\n      time per command × commands per update: ${timePerCommand(300)}` });

    commands.clear();
    spent.clear();
    const many = await timeMany(`store: update, ${CONCURRENCY} clients`, 2000, CONCURRENCY, (i) => store.recordUpdate(update(i, 'many')));
    const inserts = commands.get('insert status_updates') ?? 0;
    results.push({ ...many, note: `${inserts} log inserts for 2000 updates (${(2000 / Math.max(inserts, 1)).toFixed(1)} per batch); ${((commands.get('update latest_status') ?? 0) / Math.max(inserts, 1)).toFixed(1)} current-status writes and ${((commands.get('insert item_history') ?? 0) / Math.max(inserts, 1)).toFixed(1)} history writes per batch\n      time per command × commands per update: ${timePerCommand(2000)}` });
    await store.settled();

    results.push(await timeMany(`store: the same request again, ${CONCURRENCY} clients`, 1000, CONCURRENCY, async (i) => {
      const r = await store.recordUpdate(update(i, 'many'));
      if (!r.duplicate) throw new Error('a request delivered again was stored twice');
    }));
    commands.clear();
    results.push(await timeMany(`store: history, ${CONCURRENCY} clients`, 2000, CONCURRENCY, (i) => store.history(ITEMS[i % ITEMS.length]!, { limit: 25 }), undefined));
    results[results.length - 1]!.note = `finds on the log: ${commands.get('find status_updates') ?? 0}`;
    results.push(await timeMany(`store: current statuses, ${CONCURRENCY} clients`, 2000, CONCURRENCY, () => store.currentStatuses()));
    // `status as of …` for the whole plan: a time after the last write (within what each item's
    // history version keeps: no read of the log), and the middle of the grown log (beyond it: one
    // pass over the log, where a query per item read it once per item).
    const afterWrites = new Date();
    const midLog = new Date(base + (LOG_SIZE / 2) * 1000);
    commands.clear();
    results.push(await timeMany('store: statuses as of recently, 1 client', 50, 1, () => store.currentStatuses(afterWrites)));
    results[results.length - 1]!.note = `finds on the log: ${commands.get('find status_updates') ?? 0}`;
    commands.clear();
    results.push(await timeMany('store: statuses mid-log, 1 client', 20, 1, () => store.currentStatuses(midLog)));
    results[results.length - 1]!.note = `finds on the log: ${commands.get('find status_updates') ?? 0}`;

    const fmt = (n: number, d = 2) => n.toFixed(d).padStart(9);
    console.log(`\nStore benchmark: embedded ${server.engine}, log grown to ${LOG_SIZE} updates over ${ITEMS.length} items; Node ${process.version}; ${os.cpus().length} CPUs; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    console.log(`${'what'.padEnd(44)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'per s'.padStart(9)}`);
    for (const r of results) {
      console.log(`${r.name.padEnd(44)}${String(r.n).padStart(6)}${fmt(r.p50)}${fmt(r.p99)}${fmt(r.perSecond, 0)}`);
      if (r.note) console.log(`${''.padEnd(6)}${r.note}`);
    }
  } finally {
    await client.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runStoreBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

// The board's overview with 10,000 stored updates: its response time over
// loopback (≈ server time: render plus store reads), measured quiet and while
// two other instances (their own processes, clients and stores: bench/board-writer.ts) keep writing updates.
// The updates are inserted in bulk, then the current-status projection is
// rebuilt, exactly as the bot does at start.
//   import { runBoardBench } from './board.js'; await runBoardBench();
//   BENCH_BOARD_UPDATES=10000 BENCH_BOARD_REQUESTS=100 (defaults)
// It also times the two store reads the overview makes, so a slow figure says where the time goes.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ObjectId } from 'mongodb';
import { boardLinks } from '../src/board/board-links.js';
import { boardRoutes } from '../src/board/routes.js';
import { SignInStore } from '../src/board/sign-in-store.js';
import { createEngine } from '../src/core/engine.js';
import { createHttpServer, listen } from '../src/server/http-server.js';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { replyToText } from '../src/core/reply.js';
import { STATUSES } from '../src/core/status.js';
import { createLogger } from '../src/logger.js';
import { collections, type UpdateDoc } from '../src/store/collections.js';
import { connectDatabase } from '../src/store/connect.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';
import { pack } from '../src/store/packed.js';
import { OVERVIEW_PER_ITEM } from '../src/board/read-board.js';
import { HISTORY_KEEP } from '../src/store/history-projection.js';
import { benchDatabase } from './bench-database.js';

const steward = { platform: 'slack' as const, userId: 'U_BENCH', displayName: 'Bench Steward', email: 'steward@bench.example.nz' };

async function seed(uri: string, dbName: string, count: number): Promise<void> {
  const database = await connectDatabase(uri, dbName);
  try {
    const plan = readPlanFile();
    const items = plan.items();
    const start = Date.parse('2026-01-01T00:00:00Z');
    const span = Date.now() - start;
    const docs: UpdateDoc[] = Array.from({ length: count }, (_, i) => {
      const item = items[i % items.length]!;
      const status = STATUSES[(i * 7 + item.id.length) % STATUSES.length]!;
      return {
        _id: new ObjectId(), itemId: item.id, action: item.action.number, status,
        note: status === 'at-risk' || status === 'off-track' ? `Bench reason ${i}` : '',
        by: { ...steward, agencies: ['tsoc'] }, at: new Date(start + Math.floor((span * i) / count)),
        source: { platform: 'slack' }, requestKey: `bench:${i}`,
      };
    });
    const c = collections(database.db);
    for (let i = 0; i < docs.length; i += 1000) await c.updates.insertMany(docs.slice(i, i + 1000));
    // The current-status projection, as the store keeps it (built here in one pass: on FerretDB the
    // store's own rebuild reads the log once per item, which at this size outlasts the socket timeout).
    // And each item's history version (its newest updates by _id), as the store's start-up rebuild leaves them.
    const byItem = new Map<string, UpdateDoc[]>();
    for (const d of docs) byItem.set(d.itemId, [d, ...(byItem.get(d.itemId) ?? [])]); // newest first
    const key = (d: UpdateDoc) => `${d.at.toISOString()}:${d._id.toHexString()}`;
    await c.latest.insertMany([...byItem.values()].map((list) => ({ _id: list[0]!.itemId, key: key(list[0]!), update: pack(list[0]!), historyRev: 1 })));
    await c.history.insertMany([...byItem.values()].map((list) => ({
      _id: `${list[0]!.itemId}#1`, itemId: list[0]!.itemId, rev: 1, key: key(list[0]!), entries: pack(list.slice(0, HISTORY_KEEP)), complete: list.length <= HISTORY_KEEP,
    })));
  } finally {
    await database.close();
  }
}

/** Another instance, in its own process (bench/board-writer.ts): resolves with the number of updates it wrote once stopped. */
async function startWriter(uri: string, dbName: string): Promise<{ stop(): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./board-writer.ts', import.meta.url)), uri, dbName], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const said: string[] = [];
  let heard: () => void = () => undefined;
  lines.on('line', (line) => {
    said.push(line);
    heard();
  });
  const next = () => new Promise<string>((resolve) => {
    const check = () => (said.length ? resolve(said.shift()!) : (heard = check));
    check();
  });
  if ((await next()) !== 'ready') throw new Error('board writer did not start');
  return {
    async stop() {
      child.kill('SIGTERM');
      return Number(await next());
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Response times of successful overviews over loopback, and the server's own time for each (its
 * Server-Timing header: store reads and rendering); anything else (a 503 when the store timed out)
 * is counted as an error.
 */
async function measure(url: string, cookie: string, requests: number) {
  const times: number[] = [];
  const server: number[] = [];
  let errors = 0;
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const res = await fetch(`${url}/board`, { headers: { cookie } });
    const body = await res.text();
    if (res.status === 200 && body.includes('Where the plan stands')) {
      times.push(performance.now() - t);
      server.push(Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN));
    } else errors++;
  }
  const r = (n: number | undefined) => (n === undefined ? NaN : Math.round(n * 10) / 10);
  const stats = (all: number[]) => {
    all.sort((a, b) => a - b);
    return { p50: r(percentile(all, 50)), p95: r(percentile(all, 95)), p99: r(percentile(all, 99)), max: r(all.at(-1)) };
  };
  return { total: stats(times), server: stats(server), errors };
}

/**
 * The board as the bot serves it — its routes on the bot's HTTP server, an engine for `board` —
 * without the bot's start-up repair of the projection (seed() built it).
 */
async function startBoardServer(uri: string, dbName: string) {
  const database = await connectDatabase(uri, dbName);
  const plan = readPlanFile();
  const logger = createLogger('warn');
  const store = new MongoPlanStore(database.db, { writes: database.writes });
  const signIns = new SignInStore(database.db, database.writes);
  let url = '';
  const engine = createEngine({ plan, store, logger, admins: [steward.email], timeZone: 'Pacific/Auckland', staleAfterDays: 14, boardLinks: boardLinks(signIns, () => url) });
  const routes = boardRoutes({ plan, store, signIns, logger, baseUrl: () => url, timeZone: 'Pacific/Auckland', staleAfterDays: 14, now: () => new Date() });
  const running = await listen(createHttpServer({ routes, ready: async () => true, logger }), 0, '127.0.0.1');
  url = running.url;
  return {
    url, engine, store,
    async stop() {
      await running.close();
      await store.settled();
      await database.close();
    },
  };
}

async function timeRead(read: () => Promise<unknown>, times = 20): Promise<{ p50: number; max: number }> {
  const all: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await read();
    all.push(performance.now() - t);
  }
  all.sort((a, b) => a - b);
  return { p50: Math.round(percentile(all, 50) * 10) / 10, max: Math.round(all.at(-1)! * 10) / 10 };
}

export async function runBoardBench(): Promise<void> {
  const count = Number(process.env.BENCH_BOARD_UPDATES ?? 10_000);
  const requests = Number(process.env.BENCH_BOARD_REQUESTS ?? 100);
  const database = await benchDatabase('board');
  const uri = database.uri;
  const dbName = `bench_board_${Date.now()}`;
  try {
    console.log(`\nBoard overview (GET /board) with ${count.toLocaleString('en-NZ')} stored updates: ${requests} requests one at a time over loopback`);
    await seed(uri, dbName, count);
    const bot = await startBoardServer(uri, dbName);
    try {
      const link = /\S+\/board\/sign-in\?token=\S+/.exec(replyToText(await bot.engine.run('board', steward)))![0];
      const signIn = await fetch(`${bot.url}/board/sign-in`, {
        method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: new URL(link).searchParams.get('token')! }).toString(),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      await measure(bot.url, cookie, 5); // warm-up: JIT, the chart's first render
      const quiet = await measure(bot.url, cookie, requests);
      const writers = await Promise.all([startWriter(uri, dbName), startWriter(uri, dbName)]);
      const busy = await measure(bot.url, cookie, requests);
      const written = (await Promise.all(writers.map((w) => w.stop()))).reduce((a, b) => a + b, 0);
      const row = (run: string, m: Awaited<ReturnType<typeof measure>>) => [
        { run, measured: 'server time', 'p50 (ms)': m.server.p50, 'p95 (ms)': m.server.p95, 'p99 (ms)': m.server.p99, 'max (ms)': m.server.max, errors: m.errors },
        { run, measured: 'round trip', 'p50 (ms)': m.total.p50, 'p95 (ms)': m.total.p95, 'p99 (ms)': m.total.p99, 'max (ms)': m.total.max, errors: m.errors },
      ];
      console.table([...row('quiet', quiet), ...row(`2 other instances writing (${written} updates)`, busy)]);
      const met = quiet.server.p99 < 50 && busy.server.p99 < 50 && quiet.errors + busy.errors === 0;
      console.log(`target: server time p99 under 50 ms, quiet and with instances writing — ${met ? 'met' : 'NOT met'}`);
      const store = bot.store;
      const reads = {
        'currentStatuses()': await timeRead(() => store.currentStatuses()),
        [`recentHistories(now, ${OVERVIEW_PER_ITEM})`]: await timeRead(() => store.recentHistories(new Date(), OVERVIEW_PER_ITEM)),
      };
      console.table(Object.entries(reads).map(([read, t]) => ({ 'store read (quiet)': read, 'p50 (ms)': t.p50, 'max (ms)': t.max })));
    } finally {
      await bot.stop();
    }
  } finally {
    await database.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runBoardBench();

// The Slack benchmark (docs/decisions/0011): p50/p99 latency and throughput of signed /tsoc look-ups
// and updates against the bot, at 50 concurrent clients, beside a bare Bolt
// app answering the same signed request with a constant (the framework's
// floor), in the same run on the same machine. The people sending requests
// and Slack's Web API are another process (slack-clients.ts), so this process
// runs only the bot (or the floor): its CPU time per request is theirs.
// A second instance (the probe), whose driver reports its commands, tells
// what each request sends and how long it waited on the database; the
// latencies are the first instance's, which runs as people's bot does.
// Afterwards every acknowledged update must be in the database.
//   npm run bench                      (both targets, default counts)
//   BENCH_REQUESTS=4000 npm run bench  (requests per scenario and target)
//   BENCH_PROFILE=1 npm run bench      (and a CPU profile of the one-client updates)
//   BENCH_PROFILE='update 7' npx tsx bench/slack-bench.ts   (a CPU profile of that 50-client scenario)
import { spawn } from 'node:child_process';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import { MongoClient } from 'mongodb';
import { startBot } from '../src/app/start-bot.js';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { boltLogger } from '../src/slack/bolt-logger.js';
import { slackSurface } from '../src/slack/slack-surface.js';
import { profiled } from './cpu-profile.js';
import { benchDatabase } from './bench-database.js';
import { DatabaseWait, withCommandEvents } from './database-wait.js';
import { UpdateTimeline } from './update-timeline.js';
import type { Scenario, ScenarioResult, Sends } from './slack-clients.js';

const SECRET = 'bench-signing-secret';
let CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 200;
/** '1': profile the one-client updates; else the 50-client scenario whose name starts with it (e.g. 'update 7'). */
const PROFILE = process.env.BENCH_PROFILE;
/** Requests per scenario sent to the probe (the instance whose driver reports its commands). */
const PROBE_REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 2000), 500);

interface Result {
  scenario: string;
  target: string;
  n: number;
  errors: number;
  /** Acknowledged empty within Slack's 3 s and answered later through response_url. */
  deferred: number;
  p50: number;
  p99: number;
  max: number;
  rps: number;
  acknowledged: string[];
  /** What the first unexpected answer said. */
  firstError?: string;
  /** CPU time per request: this process (the bot or the floor alone), and the database's. */
  cpuMs: number;
  dbCpuMs: number;
  /** With one client, against the bot: p50/p99 of each request's latency less its time with a database command outstanding. */
  own?: { p50: number; p99: number; dbWaitP50: number };
}

/** The database's process, when it is the embedded one: its CPU time is read from /proc. */
let dbPid: number | undefined;
const TICK_MS = 10; // Linux's USER_HZ is 100
function dbCpuMs(): number {
  if (!dbPid) return 0;
  try {
    const fields = readFileSync(`/proc/${dbPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return 0;
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** The clients' process (slack-clients.ts): one scenario at a time. */
interface Clients {
  apiUrl: string;
  run(scenario: Scenario): Promise<ScenarioResult>;
  stop(): Promise<void>;
}

async function startClients(people: number): Promise<Clients> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./slack-clients.ts', import.meta.url)), SECRET, String(people)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the benchmark clients stopped');
    return JSON.parse(value as string) as unknown;
  };
  const { apiUrl } = (await nextLine()) as { apiUrl: string };
  return {
    apiUrl,
    async run(scenario) {
      child.stdin!.write(`${JSON.stringify(scenario)}\n`);
      return (await nextLine()) as ScenarioResult;
    },
    async stop() {
      child.stdin!.end();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

let clients: Clients;

async function run(scenario: string, target: string, url: URL, count: number, sends: Sends, expect: RegExp, wait?: DatabaseWait): Promise<Result> {
  const cpu0 = process.cpuUsage();
  const db0 = dbCpuMs();
  const r = await clients.run({ url: url.toString(), count, concurrency: CONCURRENCY, sends, expect: expect.source });
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / count;
  const dbCpu = (dbCpuMs() - db0) / count;
  const latencies = [...r.latencies].sort((a, b) => a - b);
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  let own: Result['own'];
  if (wait) {
    const waits = r.windows.map(([t0, t1]) => wait.within(t0, t1));
    const owns = r.windows.map(([t0, t1], i) => t1 - t0 - waits[i]!);
    sorted(owns);
    own = { p50: quantile(owns, 0.5), p99: quantile(owns, 0.99), dbWaitP50: quantile(sorted(waits), 0.5) };
  }
  return {
    ...(own ? { own } : {}), scenario, target, n: count, errors: r.errors, deferred: r.deferred, cpuMs, dbCpuMs: dbCpu,
    p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? NaN, rps: count / r.seconds, acknowledged: r.acknowledged,
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}

/** The same as run(), with one client. */
async function runOne(scenario: string, target: string, url: URL, count: number, sends: Sends, expect: RegExp, wait?: DatabaseWait): Promise<Result> {
  const saved = CONCURRENCY;
  CONCURRENCY = 1;
  wait?.clear();
  try {
    return await run(scenario, target, url, count, sends, expect, wait);
  } finally {
    CONCURRENCY = saved;
  }
}

async function main(): Promise<void> {
  const quiet = createLogger('error');
  const database = await benchDatabase('slack');
  const { uri, engine } = database;
  dbPid = database.pid;
  const dbName = `bench_${randomUUID().slice(0, 8)}`;
  clients = await startClients(CONCURRENCY);

  const env = { MONGODB_URI: uri, MONGODB_DB: dbName, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: clients.apiUrl };
  const bot = await startBot({ config: loadConfig(env), logger: quiet, surfaces: [slackSurface] });
  const botUrl = new URL(`${bot.url}/slack/events`);
  // A second instance on the same database whose driver reports its commands: what each request
  // sends, and the one-client update split into database wait and the rest. The reports cost each
  // request about a millisecond (measured below), so every latency in the table is the first one's.
  const probe = await startBot({ config: loadConfig({ ...env, MONGODB_URI: withCommandEvents(uri) }), logger: quiet, surfaces: [slackSurface] });
  const probeUrl = new URL(`${probe.url}/slack/events`);
  const wait = new DatabaseWait(probe.database.client);
  const timeline = new UpdateTimeline(probe.database.client);
  /** The probe's requests of a scenario: updates under their own request keys. */
  const probing = (sends: Sends): Sends => (sends.kind === 'text' ? sends : { ...sends, tag: `${sends.tag}-probe` });
  const probed: string[] = [];
  // Every item of the plan has a current status, as in use (the current-status writes and reads see them all).
  const seeder = new MongoPlanStore(bot.database.db, { writes: bot.database.writes });
  for (const item of readPlanFile().items()) {
    await seeder.recordUpdate({
      itemId: item.id, action: item.action.number, status: 'on-track', note: 'Bench seed', at: new Date(), requestKey: `bench-seed:${item.id}`,
      by: { platform: 'slack', userId: 'U0SEED', displayName: 'Bench Seed', email: 'seed@police.govt.nz', agencies: ['police'] }, source: { platform: 'slack' },
    });
  }
  await seeder.settled();

  // The floor: Bolt's own HTTPReceiver and signature check, a listener that acknowledges with a constant.
  const floor = new App({
    signingSecret: SECRET, token: 'xoxb-bench', botId: 'B0BOT', botUserId: 'U0BOT', tokenVerificationEnabled: false,
    logger: boltLogger(quiet), logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: clients.apiUrl },
  });
  floor.command('/tsoc', async ({ ack }) => ack({ response_type: 'ephemeral', text: 'Saved: 7 is now On track. 13b is coordinated by Inland Revenue' }));
  const floorServer = (await floor.start(0)) as http.Server;
  const floorUrl = new URL(`http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/slack/events`);

  const lookup: Sends = { kind: 'text', text: 'who coordinates 13b' };
  const show: Sends = { kind: 'text', text: 'show 7' };
  const history: Sends = { kind: 'text', text: 'history 7' };
  const update = (tag: string): Sends => ({ kind: 'update', tag });
  // The same request delivered again (a double submit, a Slack retry): the first delivery's trigger id.
  const again = (tag: string): Sends => ({ kind: 'again', tag });

  // Warm both (JIT, connection pools, the bot's users.info cache).
  await run('warm-up', 'floor', floorUrl, WARMUP, lookup, /13b/);
  await run('warm-up', 'bot', botUrl, WARMUP, lookup, /13b/);
  await run('warm-up', 'bot', botUrl, WARMUP, show, /Action 7/);
  const warmed = await run('warm-up', 'bot', botUrl, WARMUP, update('warm'), /Saved: 7/);

  const results: Result[] = [];
  const scenarios: [string, Sends, RegExp, Sends, RegExp][] = [
    ['look-up: who coordinates 13b', lookup, /13b is coordinated by Inland Revenue/, lookup, /13b/],
    ['look-up: show 7 (reads status)', show, /Action 7/, show, /Inland Revenue/],
    ['look-up: history 7', history, /History of action 7/, lookup, /13b/],
    ['update 7 on-track …', update('bench'), /Saved: 7 is now On track/, update('floor'), /Saved: 7/],
    ['the same update delivered again', again('bench'), /Already saved: 7/, again('floor'), /Saved: 7/],
  ];
  const commandsPerRequest: [string, string][] = [];
  for (const [name, botMake, botExpect, floorMake, floorExpect] of scenarios) {
    results.push(await run(name, 'bare Bolt (floor)', floorUrl, REQUESTS, floorMake, floorExpect));
    const botRun = () => run(name, 'tsoc-bot', botUrl, REQUESTS, botMake, botExpect);
    if (PROFILE && PROFILE !== '1' && name.startsWith(PROFILE)) {
      const { result, report } = await profiled(botRun, REQUESTS);
      results.push(result);
      console.log(`\nCPU profile of '${name}' (self time, this process):\n${report}`);
    } else results.push(await botRun());
    wait.clear();
    const probeRun = await run(name, 'probe', probeUrl, PROBE_REQUESTS, probing(botMake), botExpect);
    probed.push(...probeRun.acknowledged);
    commandsPerRequest.push([name, wait.perRequest(PROBE_REQUESTS)]);
  }
  // One person at a time: the update path's own latency, no queueing.
  const single = Math.min(REQUESTS, 300);
  results.push(await runOne('update, 1 client', 'bare Bolt (floor)', floorUrl, single, update('floor1'), /Saved: 7/));
  const one = () => runOne('update, 1 client', 'tsoc-bot', botUrl, single, update('one'), /Saved: 7 is now On track/);
  if (PROFILE === '1') {
    // Where the bot's process's CPU goes while one person sends updates.
    const { result, report } = await profiled(one, single);
    results.push(result);
    console.log(`\nCPU profile of 'update, 1 client' (self time, this process):\n${report}`);
  } else results.push(await one());
  // The same on the probe: its database wait, each step's time, and what the command reports cost.
  timeline.start();
  const split = await runOne('update, 1 client', 'probe', probeUrl, single, update('one-probe'), /Saved: 7 is now On track/, wait);
  console.log(`\nTimeline of 'update, 1 client' in the probe's process:\n${timeline.stop()}`);
  probed.push(...split.acknowledged);
  commandsPerRequest.push(['update, 1 client', wait.perRequest(single)]);

  // Every acknowledged update is in the database.
  const client = new MongoClient(uri);
  const saved = new Set((await client.db(dbName).collection('status_updates').find({ itemId: '7' }, { projection: { note: 1 } }).toArray()).map((d) => String(d.note)));
  const acked = [...warmed.acknowledged, ...results.filter((r) => r.target === 'tsoc-bot').flatMap((r) => r.acknowledged), ...probed];
  const missing = acked.filter((n) => !saved.has(n));
  await client.db(dbName).dropDatabase();
  await client.close();

  const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);
  console.log(`\nSlack /tsoc benchmark: ${CONCURRENCY} concurrent clients, ${REQUESTS} signed requests per scenario and target; database ${engine}; Node ${process.version}; ${os.cpus().length} CPUs\n`);
  console.log(`${'scenario'.padEnd(34)}${'target'.padEnd(20)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}${'req/s'.padStart(8)}${'errors'.padStart(8)}${'late'.padStart(6)}`);
  for (const r of results) console.log(`${r.scenario.padEnd(34)}${r.target.padEnd(20)}${fmt(r.p50)}${fmt(r.p99)}${fmt(r.max)}${fmt(r.rps, 0)}${String(r.errors).padStart(8)}${String(r.deferred).padStart(6)}`);
  for (const r of results) if (r.firstError) console.log(`first unexpected answer, ${r.scenario} (${r.target}): ${r.firstError}`);
  console.log('(late: acknowledged empty inside 3 s and answered through response_url; latency counts until that answer)');
  console.log('\nbot ÷ floor:');
  // The targets (docs/performance.md): look-ups p99 within ×1.3 of the floor's, updates p99 within ×2
  // at 50 clients, p50 within ×3 at one client; a repeat delivery within ×1.5 of a first one's time.
  const target = (scenario: string) =>
    scenario.startsWith('look-up') ? 'p99 ≤ ×1.3' : scenario.startsWith('update 7') ? 'p99 ≤ ×2' : scenario.startsWith('update, 1') ? 'p50 ≤ ×3' : '';
  for (let i = 0; i < results.length; i += 2) {
    const [f, b] = [results[i]!, results[i + 1]!];
    const goal = target(f.scenario);
    console.log(`  ${f.scenario.padEnd(32)} p50 ×${(b.p50 / f.p50).toFixed(2)}  p99 ×${(b.p99 / f.p99).toFixed(2)}  throughput ×${(b.rps / f.rps).toFixed(2)}${goal ? `   (target: ${goal})` : ''}`);
  }
  const first = results.find((r) => r.target === 'tsoc-bot' && r.scenario.startsWith('update 7'));
  const repeat = results.find((r) => r.target === 'tsoc-bot' && r.scenario.startsWith('the same update'));
  if (first && repeat) {
    console.log(`  the same update again ÷ its first delivery (bot): p50 ×${(repeat.p50 / first.p50).toFixed(2)}  p99 ×${(repeat.p99 / first.p99).toFixed(2)}   (target: ≤ ×1.5)`);
  }
  // The one-client target for the code's own share: latency less the time a database command was outstanding.
  // The command reports themselves cost time, some inside the database wait and some outside it: the
  // code's own share lies between the bot's latency less the probe's wait and the probe's own share.
  const floorOne = results.find((r) => r.target !== 'tsoc-bot' && r.scenario.startsWith('update, 1'));
  const botOne = results.find((r) => r.target === 'tsoc-bot' && r.scenario.startsWith('update, 1'));
  if (floorOne && botOne && split.own) {
    const low = botOne.p50 - split.own.dbWaitP50;
    console.log(`  update, 1 client, with command reports (the probe): p50 ${split.p50.toFixed(2)} ms, so the reports cost ${(split.p50 - botOne.p50).toFixed(2)} ms`);
    console.log(`  update, 1 client, less its database wait (probe's wait p50 ${split.own.dbWaitP50.toFixed(2)} ms): p50 between ${low.toFixed(2)} ms (the bot's latency less it) and ${split.own.p50.toFixed(2)} ms (the probe's own share, p99 ${split.own.p99.toFixed(2)}) = ×${(low / floorOne.p50).toFixed(2)}–×${(split.own.p50 / floorOne.p50).toFixed(2)} of the floor's p50   (target: ≤ ×3)`);
  }
  // Where the time goes: what the bot's own code costs beside the floor's, and what the database costs.
  console.log('\nCPU time per request (ms): this process (the bot or the floor alone), and the database process');
  for (let i = 0; i < results.length; i += 2) {
    const [f, b] = [results[i]!, results[i + 1]!];
    console.log(`  ${f.scenario.padEnd(32)} floor ${f.cpuMs.toFixed(2).padStart(6)}   bot ${b.cpuMs.toFixed(2).padStart(6)}   bot's own share ${(b.cpuMs - f.cpuMs).toFixed(2).padStart(6)}   database ${b.dbCpuMs.toFixed(2).padStart(6)}`);
  }
  console.log(`\nDatabase commands per request (the probe's driver, ${PROBE_REQUESTS} requests per scenario: time from sending to its answer, × commands per request):`);
  for (const [name, commands] of commandsPerRequest) console.log(`  ${name.padEnd(32)} ${commands || 'none'}`);
  console.log(`\nupdates acknowledged: ${acked.length}; found in the database: ${acked.length - missing.length}; missing: ${missing.length}`);
  const errors = results.reduce((n, r) => n + r.errors, 0);

  await floor.stop();
  await probe.stop();
  await bot.stop();
  await clients.stop();
  await database.stop();
  if (errors || missing.length) {
    console.error(`FAILED: ${errors} errors, ${missing.length} acknowledged updates missing`);
    process.exitCode = 1;
  }
}

/** Runs the Slack benchmark; resolves when it is done (npm run bench runs each benchmark in turn, alone). */
export const runSlackBench = main;

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

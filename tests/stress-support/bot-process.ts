// A real bot process (node dist/src/main.js, exactly what `npm start` runs),
// configured through its environment like a deployment. The suite keeps every
// process it starts in one registry: stopped at the end, killed if the test
// process exits first, and (through exit-with-parent.mjs) stopping itself if
// the test process is killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');
const GUARD = pathToFileURL(path.join(import.meta.dirname, 'exit-with-parent.mjs')).href;

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface BotProcess {
  name: string;
  url: string;
  pid: number;
  env: Record<string, string>;
  /** Every JSON log line the bot wrote (stderr), oldest first. */
  logs: LogLine[];
  /** Non-JSON output (a crash's stack trace, say). */
  rawOutput: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** SIGTERM (the bot stops cleanly); SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: the process dies at once, mid-whatever. */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL'); // synchronous: the only thing an exit handler can do
});

/** A free TCP port on 127.0.0.1 (the bot gets its own PORT, as a deployment would). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment a bot needs and nothing inherited: stray Slack or MongoDB variables stay out. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bot exited before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet: try again shortly
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bot not ready at ${url} within ${timeoutMs} ms:\n${output()}`);
}

export async function startBotProcess(name: string, env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<BotProcess> {
  const port = env.PORT && env.PORT !== '0' ? Number(env.PORT) : await freePort();
  // Teams in local mode (an explicit opt-in): these bots are driven through /api/messages from this machine.
  const fullEnv = { ...baseEnv(), HOST: '127.0.0.1', LOG_LEVEL: 'info', TEAMS_LOCAL_MODE: 'true', ...env, PORT: String(port) };
  const child = spawn(process.execPath, ['--import', GUARD, MAIN], {
    cwd: PROJECT_ROOT,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const logs: LogLine[] = [];
  const rawOutput: string[] = [];
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        rawOutput.push(line);
        if (rawOutput.length > 500) rawOutput.shift();
      }
    }
  };
  child.stderr!.on('data', onData);
  child.stdout!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const output = () =>
    [...logs.slice(-20).map((l) => JSON.stringify(l)), ...rawOutput.slice(-20)].join('\n');
  try {
    await waitReady(url, child, output, options.readyTimeoutMs ?? 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    url,
    pid: child.pid!,
    env: fullEnv,
    logs,
    rawOutput,
    exited,
    running,
    async stop(graceMs = 15_000) {
      if (!running()) return;
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Stops every bot given, in parallel; never throws (an after-hook must stop all of them). */
export async function stopAll(bots: readonly (BotProcess | undefined)[]): Promise<void> {
  await Promise.all(bots.map((b) => b?.stop()));
}

/** Log lines at warn or error, for a failure message or a figure. */
export function problems(bot: BotProcess): LogLine[] {
  return bot.logs.filter((l) => l.level === 'warn' || l.level === 'error');
}

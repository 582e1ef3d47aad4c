// What the bot's own process guards: a start that would serve the wrong people
// is refused (exit 2, naming the variable), the embedded database's folder and
// files (and embedded.json, its address) are this user's alone, and the HTTP
// server closes sockets that send nothing and turns away connections past its cap.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/start-bot.js';
import { loadConfig } from '../../src/config.js';
import { createHttpServer, listen } from '../../src/server/http-server.js';
import { memoryLogger } from '../support/test-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Runs the bot as `npm start` does (the compiled dist/, which `npm test` builds first: loading the
 * sources through tsx can take longer than the whole check on a busy machine) with exactly this
 * environment; resolves with its exit code and stderr.
 */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a start that would serve the wrong people is refused', () => {
  // One process-level proof; tests/core/config.test.ts covers each refusal (local mode on a public HOST, with credentials…).
  it('Teams credentials without a tenant list: exit 2 naming TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS', async () => {
    const { code, stderr } = await runMain({ TEAMS_APP_ID: 'app-id', TEAMS_APP_PASSWORD: 'secret' });
    expect(code).toBe(2);
    expect(stderr).toContain('TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS');
  }, 60_000);

  it('serves every tenant only when TEAMS_ALLOWED_TENANTS=* says so', () => {
    expect(loadConfig({ TEAMS_APP_ID: 'app-id', TEAMS_APP_PASSWORD: 'secret', TEAMS_ALLOWED_TENANTS: '*' }).teams.mode).toBe('authenticated');
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
  });
});

describe('the embedded database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-perms-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const mode = (p: string) => statSync(p).mode & 0o777;

  it('keeps its folder 0700 and its files and embedded.json 0600, closing up what an older version left open', async () => {
    // What an older version left behind: everything readable by everyone.
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'ferretdb'), { mode: 0o755 });
    chmodSync(path.join(dataDir, 'ferretdb'), 0o755);
    writeFileSync(path.join(dataDir, 'ferretdb', 'leftover.log'), '', { mode: 0o644 });
    chmodSync(path.join(dataDir, 'ferretdb', 'leftover.log'), 0o644);
    const oldUmask = process.umask(0o022);
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', MONGODB_DB: 'perms' });
    const bot = await startBot({ config, logger: memoryLogger() });
    try {
      // A write makes the database create its SQLite files.
      await bot.database.db.collection('perms_probe').insertOne({ probe: true });
      expect(mode(dataDir)).toBe(0o700);
      const dbDir = path.join(dataDir, bot.database.engine === 'ferretdb' ? 'ferretdb' : 'mongod');
      expect(mode(dbDir)).toBe(0o700);
      expect(mode(path.join(dataDir, 'embedded.json'))).toBe(0o600);
      if (bot.database.engine === 'ferretdb') {
        const files = readdirSync(dbDir).filter((f) => statSync(path.join(dbDir, f)).isFile());
        expect(files.length).toBeGreaterThan(1);
        for (const f of files) expect({ file: f, mode: mode(path.join(dbDir, f)).toString(8) }).toEqual({ file: f, mode: '600' });
      }
    } finally {
      await bot.stop();
      process.umask(oldUmask);
    }
  }, 60_000);
});

describe('HTTP connection limits', () => {
  function connect(url: string): Promise<net.Socket> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => resolve(socket));
      socket.once('error', reject);
    });
  }
  const closedWithin = (socket: net.Socket, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (socket.destroyed) return resolve(true);
      socket.resume(); // read what the server sends, so its closing end is seen
      const timer = setTimeout(() => resolve(false), ms);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  it('closes a socket whose headers do not arrive in time', async () => {
    const server = createHttpServer({ routes: [], ready: async () => true, logger: memoryLogger(), limits: { headersTimeoutMs: 500 } });
    const running = await listen(server, 0, '127.0.0.1');
    try {
      const socket = await connect(running.url);
      socket.on('error', () => undefined);
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
      expect(await closedWithin(socket, 4000)).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('turns away connections past its cap, and serves again once one closes', async () => {
    const server = createHttpServer({ routes: [], ready: async () => true, logger: memoryLogger(), limits: { maxConnections: 3 } });
    const running = await listen(server, 0, '127.0.0.1');
    const idle: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) idle.push(await connect(running.url));
      const extra = await connect(running.url);
      extra.on('error', () => undefined);
      expect(await closedWithin(extra, 2000)).toBe(true);
      idle.pop()!.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${running.url}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    } finally {
      for (const s of idle) s.destroy();
      await running.close();
    }
  });
});

// The bot's HTTP server: health, readiness against the real database, unknown
// routes, and the compiled entry point starting and stopping on signals.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startBot } from '../../src/app/start-bot.js';
import { ownFerretDb } from '../support/own-ferretdb.js';
import { memoryLogger, testConfig, testDbName } from '../support/test-env.js';

describe('bot HTTP server', () => {
  it('serves /healthz and /readyz, and 404/405 elsewhere', async () => {
    const logger = memoryLogger();
    const bot = await startBot({ config: testConfig(), logger });
    try {
      expect(await (await fetch(`${bot.url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).toBe(200);
      expect((await fetch(`${bot.url}/nope`)).status).toBe(404);
      expect((await fetch(`${bot.url}/healthz`, { method: 'POST' })).status).toBe(405);
      expect(logger.lines.find((l) => l.message === 'database')?.fields).toMatchObject({ engine: 'mongodb', embedded: false });
    } finally {
      await bot.stop();
    }
  });

  it('reports not ready while the database is down and ready again after', async () => {
    const db = await ownFerretDb();
    const bot = await startBot({ config: testConfig({ MONGODB_URI: db.uri }), logger: memoryLogger() });
    try {
      await db.stop();
      const down = await fetch(`${bot.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'database unreachable' });
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      await db.restart();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await fetch(`${bot.url}/readyz`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      await bot.stop();
      await db.dispose();
    }
  });
});

describe('npm start (dist/src/main.js)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../../dist/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const logs: Record<string, unknown>[] = [];
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stderr! }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'listening') resolve(entry.url as string);
        } catch {
          logs.push({ raw: line });
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${JSON.stringify(logs)}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, logs, listening, exited };
  }

  it('starts on an embedded database, logs the engine, and stops cleanly on SIGTERM', async () => {
    const bot = start({});
    const url = await bot.listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const engine = existsSync(path.resolve(import.meta.dirname, '../../.bin/ferretdb')) ? 'ferretdb' : 'mongodb-memory-server';
    expect(bot.logs.find((l) => l.msg === 'database')).toMatchObject({ engine, embedded: true });
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('starts against MONGODB_URI and stops on SIGINT', async () => {
    const bot = start({ MONGODB_URI: inject('mongoUri'), MONGODB_DB: testDbName('main') });
    await bot.listening;
    bot.child.kill('SIGINT');
    expect(await bot.exited).toBe(0);
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const bot = start({ PLAN_TIMEZONE: 'Mars/Olympus' });
    await expect(bot.listening).rejects.toThrow(/exited 2/);
  });
});

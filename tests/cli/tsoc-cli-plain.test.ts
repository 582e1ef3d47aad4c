// The terminal as people use it: whoami without --as, a pipe closed early
// (`npx tsoc export --format csv | head`), words typed the way people do, and
// a corrected write printed to paste rather than run.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureIndexes } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { tsocRunner } from '../support/run-tsoc.js';
import { testDbName } from '../support/test-env.js';
import { directWrites } from '../../src/store/write-queue.js';

const dbName = testDbName('cli-plain');
let client: MongoClient;

const tsoc = tsocRunner(dbName);
const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/tsoc.js');

beforeAll(async () => {
  client = new MongoClient(inject('mongoUri'));
  const db = client.db(dbName);
  await ensureIndexes(db);
  // Enough history that the CSV is far bigger than a pipe's buffer.
  const store = new MongoPlanStore(db, { writes: directWrites });
  const by = { platform: 'cli' as const, userId: 'seed', displayName: 'Seed', agencies: ['police'] };
  for (let batch = 0; batch < 8; batch++) {
    await Promise.all(Array.from({ length: 50 }, (_, i) => {
      const n = batch * 50 + i;
      return store.recordUpdate({
        itemId: '7', action: 7, status: 'on-track', note: `Progress note ${n} ${'x'.repeat(400)}`, by,
        at: new Date(Date.UTC(2026, 9, 1) + n * 60_000), source: { platform: 'cli' }, requestKey: `seed-${n}`,
      });
    }));
  }
  await store.settled();
}, 60_000);
afterAll(() => client.close());

describe('npx tsoc, as people use it', () => {
  it('whoami without --as: a local operator and steward who may update everything', async () => {
    const r = await tsoc(['whoami']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^You are .+, local operator, steward$/m);
    expect(r.stdout).toContain('Steward: yes');
    expect(r.stdout).toContain('You can update: every action');
    expect(r.stdout).not.toContain('not verified');
  });

  it('ends quietly with exit 0 when the reader closes the pipe early', async () => {
    const script = `"${process.execPath}" "${bin}" export --format csv | head -n 2; echo "tsoc exited $\{PIPESTATUS[0]}" >&2`;
    const { stdout, stderr } = await run('bash', ['--norc', '--noprofile', '-c', script], {
      env: { PATH: process.env.PATH ?? '', MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName },
    });
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stdout).toMatch(/^record,item,action,/);
    expect(stderr).toMatch(/tsoc exited 0\s*$/);
    expect(stderr).not.toMatch(/EPIPE|Error|at .+:\d+:\d+/);
  });

  it('understands plain questions', async () => {
    const r = await tsoc(["who's", 'in', 'charge', 'of', '13b?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
  });

  it('prints a corrected write to paste, saves nothing, and exits 1', async () => {
    const r = await tsoc(['--as', 'jane@police.govt.nz', 'updte', '5', 'on', 'track']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Did you mean `update 5 on-track`?');
    expect(r.stderr).toContain('send it as it stands: update 5 on-track');
    const status = await tsoc(['status', '5']);
    expect(status.stdout).toContain('5 is Not started');
  });

  it('`tsoc audit` without what to do says what it takes, rather than "I don\'t understand"', async () => {
    const r = await tsoc(['audit']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('audit takes verify or export');
  });
});

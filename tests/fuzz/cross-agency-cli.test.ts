// `tsoc --as <email>`: the terminal acting as a person, with that person's
// permissions. Someone outside an action's agencies — or with an email that
// only looks like an agency's — is refused (exit 1) and nothing is stored.
// runCli runs in-process against the suite's database, exactly as bin/tsoc.js calls it.
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { testDbName } from '../support/test-env.js';
import { forbiddenUpdate } from './support/cross-agency.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { snapshot, type RecordSnapshot } from './support/plan-record.js';

const dbName = testDbName('cli');
let client: MongoClient;
let before: RecordSnapshot;
const db = () => client.db(dbName);

async function tsoc(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => void out.push(t),
    write: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: { MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  client = new MongoClient(inject('mongoUri'), { serverSelectionTimeoutMS: 3000 });
  expect((await tsoc('who', 'coordinates', '7')).code).toBe(0); // loads the plan into the database
  before = await snapshot(db());
});
afterAll(() => client.close());

describe('tsoc --as', () => {
  it('refuses staff of one agency updating another\u2019s action', { timeout: fuzzTimeout(60_000) }, async () => {
    const who = fc.constantFrom(['jane@police.govt.nz', ['police']], ['ivan@customs.govt.nz', ['customs']], ['mere@ird.govt.nz', ['ird']], ['pat@example.com', []]) as fc.Arbitrary<[string, string[]]>;
    await fc.assert(
      fc.asyncProperty(who.chain(([email, agencies]) => forbiddenUpdate(agencies).map((u) => ({ email, ...u }))), async ({ email, itemId, status, note }) => {
        const r = await tsoc('--as', email, 'update', itemId, status, ...note.split(' ').filter(Boolean));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`You can't update ${itemId}.`);
        expect(await snapshot(db())).toEqual(before);
      }),
      fuzzParams(10),
    );
  });

  it.each([
    ['a subdomain of an agency\u2019s domain', 'jane@sub.police.govt.nz'],
    ['an agency\u2019s domain as a prefix', 'jane@police.govt.nz.evil.example'],
    ['an agency\u2019s domain with a prefix', 'jane@notpolice.govt.nz'],
    ['an agency\u2019s domain in the local part', 'police.govt.nz@evil.example'],
    ['an agency\u2019s domain with a trailing dot', 'jane@police.govt.nz.'],
    ['a look-alike Cyrillic domain', 'jane@p\u043elice.govt.nz'],
    ['a full-width domain', 'jane@\uFF50olice.govt.nz'],
  ])('refuses %s (%s) updating 7, which Police coordinates', async (_label, email) => {
    const r = await tsoc('--as', email, 'update', '7', 'complete', 'Look-alike');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("You can't update 7.");
    expect(await snapshot(db())).toEqual(before);
  });

  it.each([
    ['grant themselves the steward agency', ['grant', 'jane@police.govt.nz', 'tsoc']],
    ['revoke a steward', ['revoke', 'steward@tsoc.example.nz', 'tsoc']],
    ['tag an action', ['tag', '7', 'detect']],
  ])('refuses a Police officer who tries to %s', async (_label, words) => {
    const r = await tsoc('--as', 'jane@police.govt.nz', ...words);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Only plan stewards can');
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses a malformed --as before touching the database', async () => {
    for (const as of ['', 'jane', 'jane@', '@police.govt.nz', 'jane@police', 'a b@police.govt.nz', 'jane@police.govt.nz@evil.example']) {
      const r = await tsoc('--as', as, 'update', '7', 'complete');
      expect(r.code, as).toBe(1);
      expect(r.stderr, as).toContain('--as needs an email address');
    }
    expect(await snapshot(db())).toEqual(before);
  });
});

// The audit log where people meet it: the CLI's verify and export (read back
// through a CSV parser), the stewards' digest carrying the chain head, the
// classification on digests, and the honest answer when the entry cannot be written.
import { parse } from 'csv-parse/sync';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openAudit } from '../../src/audit/open-audit.js';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/core/engine.js';
import { replyToText } from '../../src/core/reply.js';
import { createDigestService } from '../../src/scheduler/create-digest-service.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { person } from '../support/engine-fixture.js';
import { tsocRunner } from '../support/run-tsoc.js';
import { memoryLogger, testDbName } from '../support/test-env.js';
import { recordingNotifier } from '../scheduler/support/recording-notifier.js';
import { digestFixture, nz } from '../scheduler/support/digest-fixture.js';
import { directWrites } from '../../src/store/write-queue.js';

const dbName = testDbName('auditcli');
const tsoc = tsocRunner(dbName, { CLASSIFICATION: 'SENSITIVE' });

let client: MongoClient;
beforeAll(() => {
  client = new MongoClient(inject('mongoUri'));
});
afterAll(() => client.close());

describe('npx tsoc audit', () => {
  it('verifies, exports entries with their metadata and the chain head, and catches an edit', async () => {
    expect((await tsoc(['--as', 'jane@police.govt.nz', 'update', '7', 'on-track', 'Team', 'recruited'])).code).toBe(0);
    expect((await tsoc(['--as', 'jane@police.govt.nz', 'update', '7', 'at-risk', 'Funding,', 'delayed'])).code).toBe(0);
    expect((await tsoc(['grant', 'mallory@example.com', 'police'])).code).toBe(0);

    const verified = await tsoc(['audit', 'verify']);
    expect(verified.code).toBe(0);
    const head = /^Audit chain intact: 3 entries, head ([0-9a-f]{12})\n$/.exec(verified.stdout);
    expect(head, verified.stdout).not.toBeNull();

    const exported = await tsoc(['audit', 'export', '--from', '2020-01-01', '--to', '2035-12-31', '--item', '7', '--format', 'csv']);
    expect(exported.code).toBe(0);
    const rows = parse(exported.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.activity)).toEqual(['status-update', 'status-update', 'chain-head']);
    expect(rows[1]).toMatchObject({
      classification: 'SENSITIVE', seq: '2', item: '7', who_email: 'jane@police.govt.nz', who_agencies: 'police', surface: 'cli',
      before: 'On track', after: 'At risk', reason: 'Funding, delayed',
    });
    expect(rows[2]!.hash!.slice(0, 12)).toBe(head![1]);

    const json = JSON.parse((await tsoc(['audit', 'export', '--person', 'mallory@example.com', '--format', 'json'])).stdout);
    expect(json.classification).toBe('SENSITIVE');
    expect(json.entries.map((e: { activity: string }) => e.activity)).toEqual(['grant']);
    expect(json.chainHead.seq).toBe(3);

    await client.db(dbName).collection('status_updates').updateOne({ status: 'at-risk' }, { $set: { note: 'Funding on time' } });
    const caught = await tsoc(['audit', 'verify']);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toContain("Audit chain NOT intact: entry 2's status update (7, status-update,");
  }, 120_000);

  it('refuses a bad option with what it takes', async () => {
    const r = await tsoc(['audit', 'export', '--from', 'last week']);
    expect(r).toMatchObject({ code: 1 });
    expect(r.stderr).toContain('--from takes a date like 2026-10-01');
  });
});

describe('CLASSIFICATION', () => {
  it('defaults to IN-CONFIDENCE and refuses anything else than the four markings', () => {
    expect(loadConfig({}).CLASSIFICATION).toBe('IN-CONFIDENCE');
    expect(loadConfig({ CLASSIFICATION: 'RESTRICTED' }).CLASSIFICATION).toBe('RESTRICTED');
    expect(() => loadConfig({ CLASSIFICATION: 'SECRET' })).toThrow(/CLASSIFICATION: expected one of UNCLASSIFIED, IN-CONFIDENCE, SENSITIVE, RESTRICTED/);
  });
});

describe('digests', () => {
  it('are marked with the classification; the stewards’ digest carries the chain head as a witness', async () => {
    const f = await digestFixture('witness');
    try {
      const audit = openAudit(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites, instance: 'test' });
      const entry = await audit.chain.append({
        activity: 'tag', at: new Date(), who: { name: 'S', agencies: [], platform: 'cli', userId: 's' }, subject: { itemId: '3' },
        where: { surface: 'cli', instance: 'test' }, change: { after: 'detect' },
      });
      const since = nz('2026-05-01 09:00');
      await f.subscribe('slack', 'C_ALL', 'all', since);
      await f.subscribe('slack', 'C_POLICE', 'police', since);
      const slack = recordingNotifier('slack');
      const slot = nz('2026-06-08 09:00');
      const service = createDigestService({
        db: f.db, writes: directWrites, plan: f.plan, store: f.store, notifiers: [slack], logger: f.logger, audit, clock: { now: () => slot },
        config: { DIGEST_SCHEDULE: '0 9 * * 1', PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, TSOC_ADMINS: [], CLASSIFICATION: 'SENSITIVE', PLAN_START: '2026-01-01' },
      });
      f.services.push(service);
      await service.runSlot(slot);
      const text = (channel: string) => slack.postsTo(channel).flatMap((p) => p.pages.map(replyToText)).join('\n');
      const all = text('C_ALL');
      expect(all.split('\n').filter((l) => l === 'SENSITIVE')).toHaveLength(2);
      expect(all).toContain(`Audit chain head: entry 1, ${entry.hash.slice(0, 12)}.`);
      expect(text('C_POLICE')).toContain('SENSITIVE');
      expect(text('C_POLICE')).not.toContain('Audit chain head');
    } finally {
      await f.close();
    }
  });
});

describe('when the audit entry cannot be written', () => {
  it('the person hears it reached the database and is not confirmed yet, never "Saved" (tests/faults: the entry follows once the database answers)', async () => {
    const db = client.db(testDbName('auditdown'));
    const dead = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 300 });
    try {
      const audit = openAudit(dead.db('down'), { timeZone: 'Pacific/Auckland', writes: directWrites });
      const engine = createEngine({
        plan: (await import('../../src/core/plan/load-plan.js')).readPlanFile(), store: audit.plan(new MongoPlanStore(db, { writes: directWrites })),
        admins: [], timeZone: 'Pacific/Auckland', staleAfterDays: 14, logger: memoryLogger(),
      });
      const reply = await engine.run('update 7 on-track Team recruited', person('jane@police.govt.nz'));
      expect(reply).toMatchObject({ ok: false, code: 'unavailable', title: 'This reached the database, but the database stopped answering before its audit record was written, so it is not confirmed yet.' });
      expect(await db.collection('status_updates').countDocuments()).toBe(1);
    } finally {
      await dead.close();
    }
  });
});

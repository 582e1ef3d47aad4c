// The audit log: every change chained with its metadata, and `audit verify`
// catching an entry changed, removed, inserted or reordered — and a status
// update edited, deleted or added straight in the database.
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { GENESIS, entryHash } from '../../src/audit/audit-entry.js';
import { auditId } from '../../src/audit/audit-doc.js';
import { completeChain } from '../../src/audit/complete-chain.js';
import { MongoAuditChain } from '../../src/audit/mongo-audit-chain.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import { person } from '../support/engine-fixture.js';
import { auditFixture, type AuditFixture } from './support/audit-fixture.js';
import { directWrites } from '../../src/store/write-queue.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import type { NewStatusUpdate, PlanStore } from '../../src/core/store-port.js';

let f: AuditFixture;
beforeEach(async () => {
  f = await auditFixture();
});
afterEach(() => f.close());

const jane = person('jane@police.govt.nz', 'Jane Smith');
const steward = person('steward@tsoc.example.nz', 'Steward');
let n = 0;
async function say(text: string, who = jane) {
  f.clock.now = new Date(f.clock.now.getTime() + 60_000);
  const reply = await f.engine.run(text, who, { request: { key: `a-${++n}`, channelId: 'C0POLICE' } });
  expect(reply.ok, reply.title).toBe(true);
  return reply;
}
// biome-ignore lint/suspicious/noExplicitAny: tests reach into stored documents to tamper with them
const log = () => f.db.collection<{ _id: string | number; [k: string]: any }>('audit_log');
const verify = () => verifyChain(f.db, new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites }));

async function someChanges() {
  await say('update 7 on-track Team recruited');
  await say('update 7 at-risk Funding delayed');
  await say('grant mallory@example.com police', steward);
  await say('tag 7 detect border', steward);
  await say('milestone add 7 Team recruited due 2027-03-31');
  await say('away until 2027-01-10 Annual leave');
}

describe('the audit log', () => {
  it('chains every change with who, when, where, what and why', async () => {
    await someChanges();
    const entries = await log().find({}).sort({ _id: 1 }).toArray();
    expect(entries.map((e) => e.activity)).toEqual(['status-update', 'status-update', 'grant', 'tag', 'milestone-add', 'away']);
    expect(entries.map((e) => e._id)).toEqual(['000000000001', '000000000002', '000000000003', '000000000004', '000000000005', '000000000006']);
    const second = entries[1]!;
    expect(second).toMatchObject({
      seq: 2, subject: { itemId: '7' }, who: { name: 'Jane Smith', email: 'jane@police.govt.nz', agencies: ['police'], platform: 'slack', userId: 'U_jane@police.govt.nz' },
      where: { surface: 'slack', channelId: 'C0POLICE', instance: 'test-instance' },
      change: { before: 'On track', after: 'At risk', reason: 'Funding delayed' }, prevHash: entries[0]!.hash,
    });
    expect(second.atLocal).toBe('26/11/2026, 22:02:00 NZDT');
    expect(second.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries[0]!.prevHash).toBe(GENESIS);
    const result = await verify();
    expect(result).toEqual({ ok: true, count: 6, head: entries[5]!.hash });
  });

  it('names the status before from the item\'s history when the store could not tell it', async () => {
    // A store that saved the update but did not say what came before it (its history write failed, say).
    const real = new MongoPlanStore(f.db, { writes: directWrites });
    const untold: PlanStore = Object.assign(Object.create(real) as PlanStore, {
      async recordUpdate(update: NewStatusUpdate) {
        const { previous: _unknown, ...saved } = await real.recordUpdate(update);
        return saved;
      },
    });
    const store = f.audit.plan(untold);
    const update = (status: 'on-track' | 'at-risk', key: string, minutes: number): NewStatusUpdate => ({
      itemId: '7', action: 7, status, note: key, requestKey: key, at: new Date(f.clock.now.getTime() + minutes * 60_000),
      by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: ['police'] }, source: { platform: 'cli' },
    });
    await store.recordUpdate(update('on-track', 'first', 1));
    await store.recordUpdate(update('at-risk', 'second', 2));
    const entries = await log().find({}).sort({ _id: 1 }).toArray();
    expect(entries.map((e) => e.change)).toEqual([
      { before: 'Not started', after: 'On track', reason: 'first' },
      { before: 'On track', after: 'At risk', reason: 'second' },
    ]);
  });

  it('a replayed update adds no second entry', async () => {
    await f.engine.run('update 7 on-track Team recruited', jane, { request: { key: 'same' } });
    await f.engine.run('update 7 on-track Team recruited', jane, { request: { key: 'same' } });
    expect(await log().countDocuments()).toBe(1);
  });
});

describe('audit verify catches tampering', () => {
  beforeEach(someChanges);

  it('an entry changed', async () => {
    await log().updateOne({ _id: auditId(3) }, { $set: { 'change.after': 'member of customs' } });
    expect(await verify()).toMatchObject({ ok: false, seq: 3, problem: 'entry 3 was changed: its hash does not match its contents.' });
  });

  it('an entry changed and re-sealed with a fresh hash breaks the next one', async () => {
    const doc = (await log().findOne({ _id: auditId(3) }))!;
    const { _id, hash, ...body } = doc;
    const forged = { ...body, change: { after: 'member of customs' } };
    await log().replaceOne({ _id: auditId(3) }, { ...forged, hash: entryHash(forged as never) });
    expect(await verify()).toMatchObject({ ok: false, seq: 4, problem: expect.stringContaining('entry 4 does not follow entry 3') });
  });

  it('an entry removed', async () => {
    await log().deleteOne({ _id: auditId(4) });
    expect(await verify()).toMatchObject({ ok: false, seq: 4, problem: 'entry 4 is missing (the next entry is 5).' });
  });

  it('entries reordered', async () => {
    const [two, three] = await Promise.all([log().findOne({ _id: auditId(2) }), log().findOne({ _id: auditId(3) })]);
    await log().replaceOne({ _id: auditId(2) }, { ...three!, _id: auditId(2) });
    await log().replaceOne({ _id: auditId(3) }, { ...two!, _id: auditId(3) });
    expect(await verify()).toMatchObject({ ok: false, seq: 2, problem: 'entry 2 carries sequence number 3: entries were reordered or replaced.' });
  });

  it('an entry inserted in the middle', async () => {
    const docs = await log().find({}).sort({ _id: 1 }).toArray();
    await log().deleteMany({ _id: { $gte: auditId(4) } });
    const fake: Record<string, unknown> = { ...docs[2]!, seq: 4, id: 'fake', change: { after: 'member of police' } };
    const { _id, hash, ...body } = fake;
    await log().insertOne({ ...body, _id: auditId(4), hash: entryHash(body as never) } as never);
    for (const d of docs.slice(3)) await log().insertOne({ ...d, _id: auditId((d.seq as number) + 1), seq: (d.seq as number) + 1 } as never);
    expect(await verify()).toMatchObject({ ok: false, seq: 4, problem: expect.stringContaining('entry 4 does not follow entry 3') });
  });

  it('a document added under an _id that is no sequence number', async () => {
    const doc = (await log().findOne({ _id: auditId(6) }))!;
    await log().insertOne({ ...doc, _id: 'extra' });
    expect(await verify()).toMatchObject({ ok: false, seq: 7, problem: 'the audit log holds a document that is not stored under a sequence number (after entry 6).' });
    // A start goes on from the last real entry, not from the stray document.
    const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
    const next = await new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites })
      .append({ activity: 'tag', at: new Date(), who: by, subject: { itemId: '7' }, where: { surface: 'cli', instance: 'i' }, change: { after: 'x' } });
    expect(next).toMatchObject({ seq: 7, prevHash: doc.hash });
  });

  it('a status update edited in the database', async () => {
    await f.db.collection('status_updates').updateOne({ note: 'Funding delayed' }, { $set: { status: 'on-track' } });
    expect(await verify()).toMatchObject({ ok: false, seq: 2, problem: "entry 2's status update (7, status-update, 2026-11-26T09:02:00.000Z) was changed in the database." });
  });

  it('a status update deleted from the database', async () => {
    await f.db.collection('status_updates').deleteOne({ note: 'Team recruited' });
    expect(await verify()).toMatchObject({ ok: false, seq: 1, problem: expect.stringContaining('is no longer in the database') });
  });

  it('a status update added straight to the database', async () => {
    await f.db.collection('status_updates').insertOne({
      itemId: '9', action: 9, status: 'complete', note: 'forged', at: new Date('2026-11-26T10:00:00Z'), requestKey: 'forged',
      by: { platform: 'cli', userId: 'x', displayName: 'x', agencies: [] }, source: { platform: 'cli' },
    });
    expect(await verify()).toMatchObject({ ok: false, problem: 'a status update of 9 at 2026-11-26T10:00:00.000Z is in the database but not in the audit log.' });
  });
});

describe('one chain from several writers', () => {
  it('three instances appending at once make one intact chain with no gap or fork', async () => {
    const chains = [0, 1, 2].map(() => new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites }));
    const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
    await Promise.all(chains.map((chain, c) => Promise.all(Array.from({ length: 20 }, (_, i) =>
      chain.append({ activity: 'tag', at: new Date(), who: by, subject: { itemId: String(c + 1) }, where: { surface: 'cli', instance: `i${c}` }, change: { after: String(i) } })))));
    expect(await verify()).toMatchObject({ ok: true, count: 60 });
    // Appends that waited for one another went in together: fewer documents than entries.
    expect(await log().countDocuments()).toBeLessThan(60);
  });

  it('an instance catches up with what others appended by reading each next entry by _id, never the whole log', async () => {
    const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
    const tag = (after: string) => ({ activity: 'tag' as const, at: new Date(), who: by, subject: { itemId: '7' }, where: { surface: 'cli' as const, instance: 'i' }, change: { after } });
    const watched = new MongoClient(inject('mongoUri'), { monitorCommands: true });
    try {
      const mine = new MongoAuditChain(watched.db(f.dbName), { timeZone: 'Pacific/Auckland', writes: directWrites });
      const other = new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites });
      await mine.append(tag('mine 1'));
      await other.append(tag('other 1'));
      await other.append(tag('other 2'));
      await other.append(tag('other 3'));
      const finds: unknown[] = [];
      watched.on('commandStarted', (e) => e.commandName === 'find' && e.command.find === 'audit_log' && finds.push(e.command.filter));
      expect((await mine.append(tag('mine 2'))).seq).toBe(5);
      expect(finds, 'its claim of 2 failed: entries 2 to 4 by _id, then nothing at 5').toEqual([2, 3, 4, 5].map((seq) => ({ _id: auditId(seq) })));
      expect(await verify()).toMatchObject({ ok: true, count: 5 });
      // Idle while the other appended 40 entries: 16 by _id, then the hint (raised as entry 32 went
      // in) and on from there — never a sorted read of the whole log.
      for (let i = 0; i < 40; i++) await other.append(tag(`other ${i + 4}`));
      await vi.waitFor(async () => expect(await f.db.collection('audit_head').findOne({})).toMatchObject({ first: 32 }));
      finds.length = 0;
      watched.on('commandStarted', (e) => e.commandName === 'find' && e.command.find === 'audit_head' && finds.push('the hint'));
      expect((await mine.append(tag('mine 3'))).seq).toBe(46);
      const walk = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ _id: auditId(from + i) }));
      expect(finds).toEqual([...walk(6, 21), 'the hint', ...walk(32, 46)]);
      expect(await verify()).toMatchObject({ ok: true, count: 46 });
    } finally {
      await watched.close();
    }
  });

  it('a start finds the end by the hint the last one left, and sorts the log only when there is none', async () => {
    await someChanges();
    const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
    const tag = (after: string) => ({ activity: 'tag' as const, at: new Date(), who: by, subject: { itemId: '7' }, where: { surface: 'cli' as const, instance: 'i' }, change: { after } });
    const watched = new MongoClient(inject('mongoUri'), { monitorCommands: true });
    try {
      const reads: string[] = [];
      watched.on('commandStarted', (e) => {
        const filter = JSON.stringify(e.command.filter);
        // The move from number _ids looks once per process; not what this test is about.
        if (e.commandName === 'find' && e.command.find !== 'audit_claims' && !filter.includes('"number"')) reads.push(`${e.command.find} ${filter}${e.command.sort ? ' sorted' : ''}`);
      });
      const start = () => new MongoAuditChain(watched.db(f.dbName), { timeZone: 'Pacific/Auckland', writes: directWrites });
      expect((await start().append(tag('first start'))).seq).toBe(7);
      expect(reads, 'no hint yet: the newest by one sorted read').toEqual([
        'audit_head {"_id":"newest"}', `audit_log {"_id":{"$type":"string","$gte":"${auditId(0)}","$lte":"999999999999"}} sorted`, `audit_log {"_id":"${auditId(7)}"}`,
      ]);
      await vi.waitFor(async () => expect(await f.db.collection('audit_head').findOne({})).toMatchObject({ first: 6 }));
      reads.length = 0;
      expect((await start().append(tag('second start'))).seq).toBe(8);
      expect(reads, 'the hint the first start left, then forward by _id').toEqual([
        'audit_head {"_id":"newest"}', `audit_log {"_id":"${auditId(6)}"}`, `audit_log {"_id":"${auditId(7)}"}`, `audit_log {"_id":"${auditId(8)}"}`,
      ]);
      expect(await verify()).toMatchObject({ ok: true, count: 8 });
    } finally {
      await watched.close();
    }
  });

  it('verify reads the log in one sorted read, streamed, however many documents it holds', async () => {
    const chain = new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites });
    const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
    // One at a time: 600 documents (FerretDB reads the whole log for any range of _ids, so a query per page would read it once a page).
    for (let i = 0; i < 600; i++) await chain.append({ activity: 'tag', at: new Date(), who: by, subject: { itemId: '7' }, where: { surface: 'cli', instance: 'i' }, change: { after: String(i) } });
    const watched = new MongoClient(inject('mongoUri'), { monitorCommands: true });
    try {
      const reads: string[] = [];
      watched.on('commandStarted', (e) => {
        // The move from number _ids looks once per process; not what this test is about.
        if (e.command.find === 'audit_log' && !JSON.stringify(e.command.filter).includes('"number"')) reads.push(`find ${JSON.stringify(e.command.filter)}`);
        if (e.commandName === 'getMore' && e.command.collection === 'audit_log') reads.push('getMore');
      });
      const result = await verifyChain(watched.db(f.dbName), new MongoAuditChain(watched.db(f.dbName), { timeZone: 'Pacific/Auckland', writes: directWrites }));
      expect(result).toMatchObject({ ok: true, count: 600 });
      expect(reads.filter((r) => r.startsWith('find')), 'one query for the whole log').toEqual([`find {"_id":{"$type":"string","$gte":"${auditId(1)}"}}`]);
      expect(reads.filter((r) => r === 'getMore').length, 'streamed in batches').toBeGreaterThan(0);
    } finally {
      await watched.close();
    }
  }, 60_000);

  it('entries appended together are one block, and a change to one inside it is named', async () => {
    const chain = new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites });
    const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
    const entries = await Promise.all(Array.from({ length: 5 }, (_, i) =>
      chain.append({ activity: 'tag', at: new Date(), who: by, subject: { itemId: '7' }, where: { surface: 'cli', instance: 'i' }, change: { after: String(i) } })));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verify()).toMatchObject({ ok: true, count: 5 });
    const block = (await log().findOne({ _id: auditId(2) }))!;
    expect(block.block, 'entries 2 to 5 waited for the first insert and went in as one').toHaveLength(4);
    // Reading from the middle of a block starts at the entry asked for.
    const fromFour: number[] = [];
    for await (const e of chain.entries(4)) fromFour.push(e.seq);
    expect(fromFour).toEqual([4, 5]);
    block.block[1].change.after = 'forged';
    await log().replaceOne({ _id: auditId(2) }, block);
    expect(await verify()).toMatchObject({ ok: false, seq: 3, problem: 'entry 3 was changed: its hash does not match its contents.' });
  });
});

describe('completing the chain at start', () => {
  it('brings history from before the audit log in once, as its opening entries', async () => {
    const other = await auditFixture(`${f.dbName}_pre`);
    try {
      // Records made without the audit log (as before it existed).
      const plain = new (await import('../../src/store/mongo-store.js')).MongoPlanStore(other.db, { writes: directWrites });
      for (const [i, s] of (['on-track', 'at-risk'] as const).entries()) {
        await plain.recordUpdate({
          itemId: '7', action: 7, status: s, note: s === 'at-risk' ? 'Delayed' : '', at: new Date(Date.UTC(2026, 9, 1 + i)), requestKey: `old-${i}`,
          by: { platform: 'slack', userId: 'U1', displayName: 'Jane', agencies: ['police'] }, source: { platform: 'slack' },
        });
      }
      const chain = new MongoAuditChain(other.db, { timeZone: 'Pacific/Auckland', writes: directWrites });
      const report = await Promise.all([0, 1].map(() => completeChain(other.db, chain, { now: new Date(), instance: 'start' })));
      expect(report.reduce((n, r) => n + r.backfilled + r.repaired, 0)).toBe(2);
      expect(await verifyChain(other.db, chain)).toMatchObject({ ok: true, count: 2 });
      const second = await other.db.collection<{ _id: string; change?: unknown }>('audit_log').findOne({ _id: auditId(2) });
      expect(second?.change).toEqual({ before: 'On track', after: 'At risk', reason: 'Delayed' });
    } finally {
      await other.db.dropDatabase();
      await other.close();
    }
  });

  it('completes an update saved without its entry (a crash between the two), once', async () => {
    await someChanges();
    await f.db.collection('status_updates').insertOne({
      itemId: '9', action: 9, status: 'on-track', note: 'saved as the process died', at: new Date('2026-11-26T09:30:00Z'), requestKey: 'crashed',
      by: { platform: 'slack', userId: 'U2', displayName: 'Ana', email: 'ana@health.govt.nz', agencies: ['health'] }, source: { platform: 'slack' },
    });
    expect(await verify()).toMatchObject({ ok: false });
    const chain = new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites });
    const now = new Date('2026-11-26T12:00:00Z');
    const reports = await Promise.all([0, 1, 2].map(() => completeChain(f.db, chain, { now, instance: 'restart' })));
    expect(reports.reduce((n, r) => n + r.repaired, 0)).toBe(1);
    expect(await verify()).toMatchObject({ ok: true, count: 7 });
  });
});

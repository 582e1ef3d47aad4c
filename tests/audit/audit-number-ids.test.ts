// A database whose audit log was written before entries moved to string _ids
// (decision 0017): the chain moves them on first use, keeps every entry exactly,
// goes on from the last one, and instances opening it together move it once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditId } from '../../src/audit/audit-doc.js';
import { upgradeNumberIds } from '../../src/audit/audit-number-ids.js';
import { MongoAuditChain } from '../../src/audit/mongo-audit-chain.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import { directWrites } from '../../src/store/write-queue.js';
import { person } from '../support/engine-fixture.js';
import { auditFixture, type AuditFixture } from './support/audit-fixture.js';

let f: AuditFixture;
beforeEach(async () => {
  f = await auditFixture();
});
afterEach(() => f.close());

// biome-ignore lint/suspicious/noExplicitAny: the test rewrites stored documents as an older version stored them
const log = () => f.db.collection<{ _id: string | number; [k: string]: any }>('audit_log');
const chain = () => new MongoAuditChain(f.db, { timeZone: 'Pacific/Auckland', writes: directWrites });
const jane = person('jane@police.govt.nz', 'Jane Smith');
const by = { name: 'x', agencies: [], platform: 'cli' as const, userId: 'x' };
const tag = (after: string) => ({ activity: 'tag' as const, at: new Date(), who: by, subject: { itemId: '7' }, where: { surface: 'cli' as const, instance: 'i' }, change: { after } });

/** Stores the chain as the version before 2 Dec 2026 did: under number _ids. */
async function asNumberIds(): Promise<{ _id: string | number; [k: string]: unknown }[]> {
  const docs = await log().find({}).sort({ _id: 1 }).toArray();
  await log().deleteMany({});
  await log().insertMany(docs.map((d) => ({ ...d, _id: Number(d._id) })));
  return docs;
}

describe('an audit log stored under number _ids', () => {
  beforeEach(async () => {
    let n = 0;
    for (const text of ['update 7 on-track Team recruited', 'update 7 at-risk Funding delayed', 'update 7 on-track Funding found']) {
      f.clock.now = new Date(f.clock.now.getTime() + 60_000);
      expect((await f.engine.run(text, jane, { request: { key: `n-${++n}` } })).ok).toBe(true);
    }
    // Two entries appended together: a block document.
    const c = chain();
    await Promise.all([c.append(tag('a')), c.append(tag('b')), c.append(tag('c'))]);
  });

  it('is moved to string _ids, entry for entry, and verifies as before', async () => {
    const before = await asNumberIds();
    expect(before.length, 'one document each for three updates and the first tag, one block for the other two').toBe(5);
    expect(await verifyChain(f.db, chain())).toMatchObject({ ok: true, count: 6 });
    const after = await log().find({}).sort({ _id: 1 }).toArray();
    expect(after.map((d) => d._id)).toEqual(before.map((d) => d._id));
    expect(after).toEqual(before);
    expect(typeof after[0]!._id).toBe('string');
  });

  it('goes on from its last entry', async () => {
    const before = await asNumberIds();
    const next = await chain().append(tag('d'));
    expect(next.seq).toBe(7);
    expect(next.prevHash).toBe((before.at(-1)!.block as { hash: string }[]).at(-1)!.hash);
    expect(await verifyChain(f.db, chain())).toMatchObject({ ok: true, count: 7 });
  });

  it('is moved once when three instances open it at the same moment, and their appends make one chain', async () => {
    await asNumberIds();
    const chains = [chain(), chain(), chain()];
    // Two documents at a time: several batches each, interleaved between the three.
    const moved = await Promise.all(chains.map(() => upgradeNumberIds(f.db.collection('audit_log'), directWrites, 2)));
    expect(moved.every((m) => m <= 5)).toBe(true);
    await Promise.all(chains.map((c, i) => c.append(tag(`from ${i}`))));
    expect(await log().countDocuments({ _id: { $type: 'number' as 'double' } })).toBe(0);
    expect(await verifyChain(f.db, chain())).toMatchObject({ ok: true, count: 9 });
  });

  it('keeps an original whose string _id holds other entries, for verify to show', async () => {
    const before = await asNumberIds();
    await log().insertOne({ ...before[1]!, _id: auditId(2), hash: 'another entry 2' });
    expect(await upgradeNumberIds(f.db.collection('audit_log'), directWrites)).toBe(4);
    expect(await log().findOne({ _id: 2 }), 'the original entry 2 is kept').not.toBeNull();
    expect(await verifyChain(f.db, chain())).toMatchObject({ ok: false, seq: 2 });
  });
});

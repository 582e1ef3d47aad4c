// `tsoc audit verify`: walks the chain in order, a page at a time, checking
// that each entry follows the one before (sequence, previous hash), that its
// hash matches its contents, that the record it is the trail of is still
// there unchanged — and that every status update and milestone change in the
// database has its entry. The first failure is named.
import type { Db } from 'mongodb';
import { guard } from '../store/mongo-errors.js';
import { GENESIS, entryHash, type AuditEntry } from './audit-entry.js';
import type { MongoAuditChain } from './mongo-audit-chain.js';
import { MILESTONE_EVENTS, STATUS_UPDATES, milestoneEventRef, statusUpdateRef } from './record-refs.js';

export type VerifyResult = { ok: true; count: number; head: string } | { ok: false; seq?: number; problem: string };

/** Each kind of record checked against the chain, and its entry's ref. */
const RECORDS = [
  { collection: STATUS_UPDATES, name: 'status update', ref: statusUpdateRef },
  { collection: MILESTONE_EVENTS, name: 'milestone change', ref: milestoneEventRef },
] as const;

export async function verifyChain(db: Db, chain: MongoAuditChain): Promise<VerifyResult> {
  let expected = 1;
  let prev = GENESIS;
  const chained = new Map<string, Set<string>>(RECORDS.map((r) => [r.collection, new Set<string>()]));
  for await (const stored of chain.entries()) {
    const { storedAt, ...entry } = stored;
    if (Number.isNaN(storedAt)) return { ok: false, seq: expected, problem: `the audit log holds a document that is not stored under a sequence number (after entry ${expected - 1}).` };
    if (storedAt !== expected) {
      return storedAt > expected
        ? { ok: false, seq: expected, problem: `entry ${expected} is missing (the next entry is ${storedAt}).` }
        : { ok: false, seq: storedAt, problem: `entry ${storedAt} is out of place.` };
    }
    if (entry.seq !== storedAt) return { ok: false, seq: storedAt, problem: `entry ${storedAt} carries sequence number ${entry.seq}: entries were reordered or replaced.` };
    if (entry.prevHash !== prev) return { ok: false, seq: storedAt, problem: `entry ${storedAt} does not follow entry ${storedAt - 1}: an entry was inserted, removed or changed before it.` };
    const { hash, ...body } = entry;
    if (entryHash(body as Omit<AuditEntry, 'hash'>) !== hash) return { ok: false, seq: storedAt, problem: `entry ${storedAt} was changed: its hash does not match its contents.` };
    if (entry.ref) {
      const kind = RECORDS.find((r) => r.collection === entry.ref!.collection);
      if (kind) {
        const record = await guard('reading a record', () => db.collection(kind.collection).findOne({ requestKey: entry.ref!.id }));
        if (!record) return { ok: false, seq: storedAt, problem: `entry ${storedAt}'s ${kind.name} (${describe(entry)}) is no longer in the database.` };
        if (kind.ref(record as never).hash !== entry.ref.hash) return { ok: false, seq: storedAt, problem: `entry ${storedAt}'s ${kind.name} (${describe(entry)}) was changed in the database.` };
        chained.get(kind.collection)!.add(entry.ref.id);
      }
    }
    prev = hash;
    expected += 1;
  }
  // Records added straight to the database leave no entry.
  for (const kind of RECORDS) {
    const seen = chained.get(kind.collection)!;
    const total = await guard('counting records', () => db.collection(kind.collection).countDocuments());
    if (total === seen.size) continue;
    for await (const record of db.collection(kind.collection).find({}, { projection: { requestKey: 1, itemId: 1, at: 1 } })) {
      if (!seen.has(String(record.requestKey))) {
        return { ok: false, problem: `a ${kind.name} of ${record.itemId} at ${(record.at as Date)?.toISOString?.() ?? '?'} is in the database but not in the audit log.` };
      }
    }
  }
  return { ok: true, count: expected - 1, head: prev };
}

function describe(entry: AuditEntry): string {
  return [entry.subject.itemId, entry.activity, entry.at.toISOString()].filter(Boolean).join(', ');
}

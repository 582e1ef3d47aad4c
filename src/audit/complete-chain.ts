// At start: bring into the chain what is not in it yet.
// - The first start with the audit log on (an empty chain): every change
//   recorded before, oldest first, as the chain's opening entries.
// - Later starts: any status update or milestone change saved without its
//   entry (a crash between the two inserts) — that is not tampering.
// Each is claimed by a unique _id insert first, so instances starting at once
// add it once.
import type { Db } from 'mongodb';
import type { TimeAwayChange } from '../core/away-port.js';
import type { MilestoneEvent } from '../core/milestones/milestone-port.js';
import type { MembershipChange, NewStatusUpdate, StatusUpdate, TagChange } from '../core/store-port.js';
import { guard } from '../store/mongo-errors.js';
import type { AuditRecordInput } from './audit-entry.js';
import { awayEntry, membershipEntry, milestoneEntry, statusUpdateEntry, tagEntry } from './audit-inputs.js';
import type { MongoAuditChain } from './mongo-audit-chain.js';
import { MILESTONE_EVENTS, STATUS_UPDATES } from './record-refs.js';

/** A record younger than this may still be having its entry written by the instance that saved it. */
const SETTLE_MS = 60_000;

export interface CompletionReport {
  backfilled: number;
  repaired: number;
}

export async function completeChain(db: Db, chain: MongoAuditChain, options: { now: Date; instance: string }): Promise<CompletionReport> {
  const claim = (key: string) => chain.claim(key, options.now);
  const head = await chain.currentHead();
  if (head.seq === 0) {
    // One instance brings the history in; another starting now leaves it to that one.
    return (await claim('backfill')) ? { backfilled: await backfill(db, chain, claim), repaired: 0 } : { backfilled: 0, repaired: 0 };
  }

  const chained = new Set<string>();
  for await (const entry of chain.entries()) if (entry.ref) chained.add(`${entry.ref.collection}:${entry.ref.id}`);
  const settled = options.now.getTime() - SETTLE_MS;
  const missing: { at: Date; key: string; input: AuditRecordInput }[] = [];
  const last = new Map<string, StatusUpdate>();
  for (const u of await read<NewStatusUpdate & { _id: { toHexString(): string } }>(db, STATUS_UPDATES)) {
    const update = { ...u, id: u._id.toHexString() };
    if (!chained.has(`${STATUS_UPDATES}:${u.requestKey}`) && u.at.getTime() < settled) {
      missing.push({ at: u.at, key: `${STATUS_UPDATES}:${u.requestKey}`, input: statusUpdateEntry(update, last.get(u.itemId), `${options.instance} (recovered at start)`) });
    }
    last.set(u.itemId, update);
  }
  for (const e of await read<MilestoneEvent>(db, MILESTONE_EVENTS)) {
    if (!chained.has(`${MILESTONE_EVENTS}:${e.requestKey}`) && e.at.getTime() < settled) {
      missing.push({ at: e.at, key: `${MILESTONE_EVENTS}:${e.requestKey}`, input: milestoneEntry(e, `${options.instance} (recovered at start)`) });
    }
  }
  let repaired = 0;
  for (const m of missing.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (!(await claim(`record:${m.key}`))) continue;
    await chain.append(m.input);
    repaired += 1;
  }
  return { backfilled: 0, repaired };
}

async function read<T>(db: Db, collection: string): Promise<T[]> {
  return guard('reading records for the audit log', () => db.collection(collection).find({}).sort({ at: 1, _id: 1 }).toArray()) as Promise<T[]>;
}

/**
 * Every change recorded before the chain existed, oldest first. A record with a ref is claimed
 * first, as the repair above claims it, so an instance repairing at the same time adds it once.
 */
async function backfill(db: Db, chain: MongoAuditChain, claim: (key: string) => Promise<boolean>): Promise<number> {
  const instance = 'history before the audit log';
  const all: { at: Date; input: AuditRecordInput }[] = [];
  const last = new Map<string, StatusUpdate>();
  for (const u of await read<NewStatusUpdate & { _id: { toHexString(): string } }>(db, STATUS_UPDATES)) {
    const update = { ...u, id: u._id.toHexString() };
    all.push({ at: u.at, input: statusUpdateEntry(update, last.get(u.itemId), instance) });
    last.set(u.itemId, update);
  }
  for (const m of await read<MembershipChange>(db, 'memberships')) all.push({ at: m.at, input: membershipEntry(m, instance) });
  for (const t of await read<TagChange>(db, 'action_tags')) all.push({ at: t.at, input: tagEntry(t, instance) });
  for (const e of await read<MilestoneEvent>(db, MILESTONE_EVENTS)) all.push({ at: e.at, input: milestoneEntry(e, instance) });
  for (const a of await read<TimeAwayChange>(db, 'time_away')) all.push({ at: a.at, input: awayEntry(a, instance) });
  all.sort((a, b) => a.at.getTime() - b.at.getTime());
  let added = 0;
  for (const { input } of all) {
    if (input.ref && !(await claim(`record:${input.ref.collection}:${input.ref.id}`))) continue;
    await chain.append(input);
    added += 1;
  }
  return added;
}

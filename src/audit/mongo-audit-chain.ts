// The audit chain in MongoDB: one document per entry with the sequence number
// as _id. Appending claims the next number with an insert — a unique _id, so
// several instances appending at once make one chain with no gap and no fork
// (FerretDB has no transactions; an insert against _id is its one atomic
// claim). Reads go by _id, the only look-up FerretDB 1.x serves from an index.
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { guard, isDuplicateKey } from '../store/mongo-errors.js';
import { directWrites, type WriteQueue } from '../store/write-queue.js';
import { GENESIS, entryHash, type AuditEntry, type AuditRecordInput } from './audit-entry.js';

export const AUDIT_LOG = 'audit_log';
/** Work on the chain that one instance must do once (the first backfill, a record's late entry). */
export const AUDIT_CLAIMS = 'audit_claims';
type EntryDoc = AuditEntry & { _id: number };

export interface ChainHead {
  seq: number;
  hash: string;
}

/** Batches read while walking the chain: memory stays bounded however long it is. */
const PAGE = 500;

export class MongoAuditChain {
  private readonly c;
  private head?: ChainHead;

  constructor(
    private readonly db: Db,
    private readonly options: { timeZone: string; writes?: WriteQueue; now?: () => Date },
  ) {
    this.c = db.collection<EntryDoc>(AUDIT_LOG);
  }

  private get writes(): WriteQueue {
    return this.options.writes ?? directWrites;
  }

  /** The newest entry (seq 0 and the genesis hash when the chain is empty). */
  async currentHead(): Promise<ChainHead> {
    const known = this.head;
    // Entries other instances appended since: one read for the newest past what this process knows
    // (every read but one by _id scans the collection on FerretDB 1.x, so one, not one per entry).
    const newer = await guard('reading the audit log', () =>
      this.c.find(known ? { _id: { $gt: known.seq } } : {}, { projection: { seq: 1, hash: 1 } }).sort({ _id: -1 }).limit(1).toArray());
    const head = newer[0] ? { seq: newer[0].seq, hash: newer[0].hash } : (known ?? { seq: 0, hash: GENESIS });
    this.head = head;
    return head;
  }

  /**
   * Appends one entry after the current head. Appends from this process go one at a time, so they
   * never race each other for a number; another instance taking one costs a read forward and a
   * retry. (One insert per entry: FerretDB does not stop an ordered insertMany at a duplicate, so
   * a batch could land entries after another writer's and break the chain.)
   */
  append(input: AuditRecordInput): Promise<AuditEntry> {
    const run = this.tail.then(() => this.appendNow(input));
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private tail: Promise<unknown> = Promise.resolve();

  private async appendNow(input: AuditRecordInput): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      // Usually this process wrote the newest entry: go on from it, and read forward only when
      // another writer got there first.
      const head = attempt === 0 && this.head ? this.head : await this.currentHead();
      const body: Omit<AuditEntry, 'hash'> = {
        ...input,
        id: randomUUID(),
        seq: head.seq + 1,
        atLocal: localTime(input.at, this.options.timeZone),
        recordedAt: this.options.now?.() ?? new Date(),
        prevHash: head.hash,
      };
      const entry: AuditEntry = { ...body, hash: entryHash(body) };
      try {
        await this.writes(() => guard('saving the audit entry', () => this.c.insertOne({ _id: entry.seq, ...entry })));
        this.head = { seq: entry.seq, hash: entry.hash };
        return entry;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt > 1000) throw err;
        // Another writer appended this number first: read forward from it and try the next.
        this.head = head;
      }
    }
  }

  /**
   * Claims the right to add a record's entry after the fact (a start-up repair, or a retry once the
   * database answers again): true for the one instance that wins `key`.
   */
  async claim(key: string, at: Date): Promise<boolean> {
    try {
      await this.writes(() => guard('claiming audit work', () => this.db.collection<{ _id: string; at: Date }>(AUDIT_CLAIMS).insertOne({ _id: key, at })));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Every entry in sequence order, a page at a time, with the _id it is stored under. */
  async *entries(fromSeq = 1): AsyncIterable<AuditEntry & { storedAt: number }> {
    let seq = fromSeq;
    for (;;) {
      const docs = await guard('reading the audit log', () => this.c.find({ _id: { $gte: seq, $lt: seq + PAGE } }).sort({ _id: 1 }).toArray());
      for (const { _id, ...entry } of docs) yield { ...entry, storedAt: _id };
      if (docs.length === 0) {
        // A gap, or the end: look for anything beyond it so verify can name a gap.
        const later = await guard('reading the audit log', () => this.c.find({ _id: { $gte: seq } }).sort({ _id: 1 }).limit(1).toArray());
        if (!later[0]) return;
        seq = later[0]._id;
        continue;
      }
      seq = docs.at(-1)!._id + 1;
    }
  }
}

function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-NZ', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short',
  }).format(at);
}

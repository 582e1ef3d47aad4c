// The audit chain in MongoDB: entries stored under their sequence number as
// _id — one document per entry, or, when several were appended together (group
// commit), one block document `{ _id: first seq, block: [entries…] }`. Appending
// claims the next number with an insert — a unique _id, so several instances
// appending at once make one chain with no gap and no fork (FerretDB has no
// transactions; an insert against _id is its one atomic claim). A block is one
// insert, so it is claimed whole: no other writer can land an entry inside it
// (FerretDB does not stop an ordered insertMany at a duplicate, so a batch of
// separate documents could land after another writer's entry and break the chain).
// Each entry keeps its own hash and previous hash: how entries are grouped in
// storage changes nothing a verifier checks.
//
// The _id is the number written as a fixed-width string (audit-doc.ts):
// FerretDB 1.24 finds only string and ObjectId _ids by index, a number _id by
// reading the whole table (64 ms among 3,000 entries against 1.4 ms). So
// catching up with what other instances appended is one index search per
// document they stored (docs/decisions/0017).
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { guard, isDuplicateKey } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { GENESIS, entryHash, type AuditEntry, type AuditRecordInput } from './audit-entry.js';
import { dateFormat } from '../core/time.js';
import { AUDIT_ID_RANGE, auditId, entriesOf, seqOf, type EntryDoc } from './audit-doc.js';
import { AuditHeadHint, HINT_EVERY } from './audit-head-hint.js';
import { upgradeNumberIds } from './audit-number-ids.js';

export const AUDIT_LOG = 'audit_log';
/** Work on the chain that one instance must do once (the first backfill, a record's late entry). */
export const AUDIT_CLAIMS = 'audit_claims';
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Documents per batch while walking the chain: memory stays bounded however long it is. */
const BATCH = 500;
/** Documents read forward by _id at most before jumping to the hint (or, without one, the newest by sorting). */
const WALK_MAX = 16;
/** Entries at most in one block: one document stays far below the 16 MB limit. */
const BLOCK_MAX = 200;

interface Pending {
  input: AuditRecordInput;
  resolve: (entry: AuditEntry) => void;
  reject: (err: unknown) => void;
}

/** The last entry of a document stored under `first`: the chain's head once it is read. */
function lastEntry(first: number, doc: EntryDoc): ChainHead {
  const entries = entriesOf(doc);
  return { seq: first + entries.length - 1, hash: entries.at(-1)!.hash };
}

export class MongoAuditChain {
  private readonly c;
  private head?: ChainHead;
  /** Entries waiting for the next append; every one waiting then goes in one insert. */
  private pending: Pending[] = [];
  private flushing = false;
  private readonly hint: AuditHeadHint;
  /** Entries stored under number _ids (before decision 0017) moved to string ones, once per process. */
  private upgraded?: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly options: { timeZone: string; writes: WriteQueue; now?: () => Date },
  ) {
    this.c = db.collection<EntryDoc>(AUDIT_LOG);
    this.hint = new AuditHeadHint(db, options.writes);
  }

  private get writes(): WriteQueue {
    return this.options.writes;
  }

  /** The newest entry (seq 0 and the genesis hash when the chain is empty). */
  async currentHead(): Promise<ChainHead> {
    await this.ready();
    let head = this.head ?? { seq: 0, hash: GENESIS };
    // With no head known (a start), jump first; so also when far behind (idle while others appended).
    let reads = this.head ? 0 : WALK_MAX;
    let sorted = false;
    for (;;) {
      if (reads >= WALK_MAX) {
        const hinted = await this.fromHint(head);
        reads = 0;
        // The hint is raised every HINT_EVERY entries: from it, that many documents more may follow.
        if (hinted) {
          head = hinted;
          reads = -HINT_EVERY;
        } else if (!sorted) {
          head = await this.newestStored();
          sorted = true;
        }
      }
      // What other instances appended since: each next document is stored under the number after the
      // last entry known (a known head is always a document's last entry), found by _id.
      const known: ChainHead = head;
      const next = await guard('reading the audit log', () => this.c.findOne({ _id: auditId(known.seq + 1) }));
      reads++;
      if (!next) break;
      head = lastEntry(known.seq + 1, next);
    }
    this.head = head;
    return head;
  }

  /** The last entry of the document the hint names, when that is past `known`. */
  private async fromHint(known: ChainHead): Promise<ChainHead | undefined> {
    const first = await this.hint.read();
    if (first === undefined || first <= known.seq) return undefined;
    const doc = await guard('reading the audit log', () => this.c.findOne({ _id: auditId(first) }));
    return doc ? lastEntry(first, doc) : undefined;
  }

  /** The last entry of the newest document, by sorting: on FerretDB a read of the whole log. Leaves a hint. */
  private async newestStored(): Promise<ChainHead> {
    // Only _ids of sequence numbers: a document put in by hand under another string is not the end.
    const ids = { $type: 'string' as const, ...AUDIT_ID_RANGE };
    const [newest] = await guard('reading the audit log', () => this.c.find({ _id: ids }).sort({ _id: -1 }).limit(1).toArray());
    if (!newest) return { seq: 0, hash: GENESIS };
    const first = seqOf(newest._id);
    this.hint.raise(first);
    return lastEntry(first, newest);
  }

  /** Moves entries from number _ids first, once per process (tried again if the database failed). */
  private ready(): Promise<void> {
    this.upgraded ??= upgradeNumberIds(this.db.collection(AUDIT_LOG), this.writes).then(
      () => undefined,
      (err: unknown) => {
        this.upgraded = undefined;
        throw err;
      },
    );
    return this.upgraded;
  }

  /**
   * Appends an entry after the current head; resolves once it is stored. Appends from this
   * process go one insert at a time, so they never race each other for a number; those that
   * arrive while an insert is under way go together in the next one (one block). Another
   * instance taking a number costs a read forward and a retry.
   */
  append(input: AuditRecordInput): Promise<AuditEntry> {
    return new Promise<AuditEntry>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, BLOCK_MAX);
        try {
          const entries = await this.appendNow(batch.map((p) => p.input));
          batch.forEach((p, i) => p.resolve(entries[i]!));
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async appendNow(inputs: readonly AuditRecordInput[]): Promise<AuditEntry[]> {
    for (let attempt = 0; ; attempt++) {
      // Usually this process wrote the newest entry: go on from it, and read forward only when
      // another writer got there first.
      const head = attempt === 0 && this.head ? this.head : await this.currentHead();
      const entries: AuditEntry[] = [];
      let prev = head;
      for (const input of inputs) {
        const body: Omit<AuditEntry, 'hash'> = {
          ...input,
          id: randomUUID(),
          seq: prev.seq + 1,
          atLocal: localTime(input.at, this.options.timeZone),
          recordedAt: this.options.now?.() ?? new Date(),
          prevHash: prev.hash,
        };
        const entry: AuditEntry = { ...body, hash: entryHash(body) };
        entries.push(entry);
        prev = { seq: entry.seq, hash: entry.hash };
      }
      const doc: EntryDoc = entries.length === 1 ? { _id: auditId(entries[0]!.seq), ...entries[0]! } : { _id: auditId(entries[0]!.seq), block: entries };
      try {
        await this.writes(() => guard('saving the audit entry', () => this.c.insertOne(doc)));
        this.head = prev;
        this.hint.stored(entries[0]!.seq, prev.seq);
        return entries;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt > 1000) throw err;
        // Another writer appended this number first: read forward from it and try the one after.
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

  /**
   * Every entry in sequence order, with the number it is stored under (a block's entries: its _id,
   * then one more each). A document under an _id that is no sequence number ends the walk with
   * storedAt NaN, for a verifier to name; a gap shows as a jump in storedAt.
   *
   * One sorted read, streamed a batch at a time (memory here stays bounded however long the log):
   * FerretDB answers any range of `_id`s by reading the whole log, so reading it a page per query
   * cost a whole read per page — quadratic in the log's length (verify, export, and every start).
   */
  async *entries(fromSeq = 1): AsyncIterable<AuditEntry & { storedAt: number }> {
    await this.ready();
    let from = fromSeq;
    if (fromSeq > 1) {
      // fromSeq may be inside a block that starts before it.
      const [holding] = await guard('reading the audit log', () => this.c.find({ _id: { $type: 'string', $lt: auditId(fromSeq) } }).sort({ _id: -1 }).limit(1).toArray());
      if (holding && 'block' in holding) {
        const first = seqOf(holding._id);
        for (const [i, entry] of holding.block.entries()) if (first + i >= fromSeq) yield { ...entry, storedAt: first + i };
        from = Math.max(from, first + holding.block.length);
      }
    }
    const cursor = this.c.find({ _id: { $type: 'string', $gte: auditId(from) } }, { batchSize: BATCH }).sort({ _id: 1 });
    try {
      for (;;) {
        const doc = await guard('reading the audit log', () => cursor.next());
        if (!doc) return;
        const at = seqOf(doc._id);
        for (const [i, entry] of entriesOf(doc).entries()) yield { ...entry, storedAt: at + i };
        if (Number.isNaN(at)) return;
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }
}

function localTime(at: Date, timeZone: string): string {
  return dateFormat('en-NZ', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short',
  }).format(at);
}

// The PlanStore on MongoDB (and FerretDB 1.x): appends only, claims by unique
// index, no transactions, no $first/$lookup: the subset FerretDB 1.x also serves
// (docs/decisions/0001 and 0002).
import type { Db, Filter } from 'mongodb';
import { ObjectId } from 'mongodb';
import type { Platform } from '../core/identity.js';
import type {
  KnownPerson,
  MembershipChange,
  NewStatusUpdate,
  PlanStore,
  RecordedUpdate,
  RecordUpdateOptions,
  StatusUpdate,
  TagChange,
} from '../core/store-port.js';
import { StoreUnavailableError } from '../core/store-port.js';
import { collections, type LatestDoc, type MembershipDoc, type TagDoc, type UpdateDoc } from './collections.js';
import { answerFromHistory, HISTORY_KEEP } from './history-projection.js';
import { DatabaseAwayError, guard, isDuplicateKey } from './mongo-errors.js';
import { InsertBatcher } from './insert-batcher.js';
import { isTimeout, patientRead } from './patient-read.js';
import { RecentHistories, type ItemStamp as ItemPointer } from './recent-histories.js';
import { SharedReads } from './shared-reads.js';
import { unpack } from './packed.js';
import { RequestKeys } from './request-keys.js';
import { StatusProjection, type HistoryHints } from './status-projection.js';
import type { WriteQueue } from './write-queue.js';
import { answersPing } from './time-limit.js';

export interface MongoPlanStoreOptions {
  /** The database handle's write policy (serial on FerretDB, direct on MongoDB): required, so no store writes around it. */
  writes: WriteQueue;
  repairDelayMs?: number;
  onRepairError?: (err: unknown) => void;
  /** Whether the server answers now; a timed-out read is tried again while it does (patient-read.ts). */
  ping?: () => Promise<boolean>;
  /** Told the size of each batch written to a collection (metrics). */
  onWriteBatch?: (collection: string, size: number) => void;
  /** Told when a read timed out but the server answered, so the read was tried again (metrics, log). */
  onSlowRead?: (what: string) => void;
  /** Told how long each read and write took (`what` is a fixed phrase, e.g. "reading history"), and whether it succeeded. */
  onOperation?: (e: { operation: string; ok: boolean; seconds: number }) => void;
  /** Whether to ask the server now (Database.reachable): while it is known away, reads are refused at once, unsent. */
  reachable?: () => true | Promise<boolean>;
}

/** An update being written, and what its caller will hear once it is built (once). */
interface BeingLogged {
  doc: UpdateDoc;
  recorded?: RecordedUpdate;
  onLogged?: (recorded: RecordedUpdate) => void;
}

function toUpdate(doc: UpdateDoc): StatusUpdate {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id.toHexString() };
}

export class MongoPlanStore implements PlanStore {
  private readonly c;

  /** When an operation here last found the database unreachable (not merely slow). */
  private unreachableAt = 0;
  /** The current-status and history projections' upkeep: checks, repairs, sweeps, the rebuild (status-projection.ts). */
  private readonly projection: StatusProjection;
  private readonly ping: () => Promise<boolean>;
  private readonly reachable: () => true | Promise<boolean>;
  private readonly onWriteBatch: (collection: string, size: number) => void;
  private readonly onSlowRead: (what: string) => void;
  private readonly onOperation: ((e: { operation: string; ok: boolean; seconds: number }) => void) | undefined;
  private readonly writes: WriteQueue;
  private readonly reads = new SharedReads();
  /** Recent updates per item, checked against the current-status documents on every read (recent-histories.ts). */
  private readonly recent = new RecentHistories({
    stamps: async () => {
      const docs = await this.reads.run('latest:*', () => this.c.latest.find({}).toArray());
      return new Map(docs.map((d) => [d._id, { key: d.key, historyRev: d.historyRev ?? 0 }]));
    },
    allFromLog: (asOf, perItem) => this.recentFromLog(asOf, perItem),
    item: (itemId, limit, asOf, stamp) => this.historyAt(itemId, { limit, ...(asOf ? { asOf } : {}) }, stamp),
    byIdLimit: HISTORY_KEEP,
  });
  private readonly onRepairError: (err: unknown) => void;
  private readonly updateInserts: InsertBatcher<UpdateDoc, HistoryHints>;
  /** Each saved update's request-key document, written after its sender is told (request-keys.ts). */
  private readonly keys: RequestKeys;
  // Steward writes go through the same batching, for its confirmation when an answer is lost.
  private readonly membershipInserts: InsertBatcher<MembershipDoc>;
  private readonly tagInserts: InsertBatcher<TagDoc>;

  /**
   * `writes` queues this store's writes (see write-queue.ts); reads never wait for it.
   * A failed check or repair is reported to `onRepairError` (the next write or look-up of the item, or start-up, repairs again).
   */
  constructor(db: Db, options: MongoPlanStoreOptions) {
    this.c = collections(db);
    this.ping = options.ping ?? (() => answersPing(db, 3000));
    this.reachable = options.reachable ?? (() => true);
    this.onWriteBatch = options.onWriteBatch ?? (() => undefined);
    this.onSlowRead = options.onSlowRead ?? (() => undefined);
    this.onOperation = options.onOperation;
    const queue = options.writes;
    // Every write, whatever its outcome, ends the sharing of reads that began before it.
    this.writes = (write) => queue(write).finally(() => this.reads.wrote());
    this.onRepairError = options.onRepairError ?? (() => undefined);
    this.projection = new StatusProjection(db, this.c, { writes: this.writes, repairDelayMs: options.repairDelayMs ?? 1000, onRepairError: this.onRepairError });
    const batch = (collection: string) => ({ onBatch: (size: number) => this.onWriteBatch(collection, size) });
    // Where each item's history stands is read beside the log's insert (status-projection.ts).
    this.updateInserts = new InsertBatcher(this.c.updates, this.writes, (inserted, hints) => this.advanceAll(inserted, hints), {
      ...batch('status_updates'),
      alongside: (docs) => this.projection.historyHints(docs),
    });
    this.keys = new RequestKeys(this.c.requestKeys, this.writes, { onError: this.onRepairError, onBatch: (size) => this.onWriteBatch('request_keys', size) });
    const readsMayBeOlder = async () => this.reads.wrote();
    this.membershipInserts = new InsertBatcher(this.c.memberships, this.writes, readsMayBeOlder, batch('memberships'));
    this.tagInserts = new InsertBatcher(this.c.tags, this.writes, readsMayBeOlder, batch('action_tags'));
  }

  /** A read: guarded, and tried again when it only timed out while the server still answers. */
  private read<T>(what: string, call: () => Promise<T>): Promise<T> {
    const started = Date.now();
    // Tried again only if nothing here found the database unreachable meanwhile: then the
    // timeout was the outage (a stopped server can leave sockets hanging), not a busy server.
    const answers = async () => this.unreachableAt < started && (await this.ping());
    return this.timed(what, async () => {
      // Known away (a refused or dropped connection, no ping answered since): say so now rather
      // than after a whole server selection (3 s) — a person waiting hears it at once.
      const reachable = this.reachable();
      if (reachable !== true && !(await reachable)) throw new DatabaseAwayError(`${what}: the database does not answer; not asked`);
      return patientRead(what, call, { answers, onSlow: this.onSlowRead });
    });
  }

  /** A write, guarded (and timed, queue wait included). */
  private write<T>(what: string, call: () => Promise<T>): Promise<T> {
    return this.timed(what, () => guard(what, call));
  }

  private async timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await call();
      ok = true;
      return result;
    } catch (err) {
      ok = isDuplicateKey(err); // a request key already claimed is an answer, not a failure
      // Refused, closed, no server to select: the database is away (a timeout alone says nothing).
      if (err instanceof StoreUnavailableError && !isTimeout(err)) this.unreachableAt = Date.now();
      throw err;
    } finally {
      this.onOperation?.({ operation, ok, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
  }

  /** Updates and steward changes waiting to be written in this process (metrics). */
  waitingWrites(): number {
    return this.updateInserts.waitingCount() + this.membershipInserts.waitingCount() + this.tagInserts.waitingCount();
  }

  /** Per update being written (by id): what recordUpdate resolves with, told early to onLogged (advanceAll). */
  private readonly logging = new Map<string, BeingLogged>();

  async recordUpdate(update: NewStatusUpdate, options: RecordUpdateOptions = {}): Promise<RecordedUpdate> {
    const doc: UpdateDoc = { _id: new ObjectId(), ...update };
    const id = doc._id.toHexString();
    const entry: BeingLogged = { doc, ...(options.onLogged ? { onLogged: options.onLogged } : {}) };
    this.logging.set(id, entry);
    try {
      // Queued with the other updates waiting to be written, and inserted with them in one go.
      await this.write('saving the update', () => this.updateInserts.insert(doc));
      // Only now: a check that compared the current status with this before its write was answered would "repair" it from the log.
      this.projection.noteOwn(doc);
      this.projection.scheduleCheck(doc.itemId);
      return this.recorded(entry);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Someone (a retry, a replay, a double click) already applied this request.
      const existing = await this.savedUnder(update.requestKey);
      if (!existing) throw err;
      this.projection.noteOwn(existing);
      this.projection.scheduleCheck(existing.itemId);
      return { update: toUpdate(existing), duplicate: true };
    } finally {
      this.logging.delete(id);
    }
  }

  /** A saved update as recordUpdate tells it (once: the update before it is taken from the history's notes). */
  private recorded(entry: BeingLogged): RecordedUpdate {
    if (entry.recorded) return entry.recorded;
    const { doc } = entry;
    // The history version just written holds the update before it (the audit entry's "before").
    const previous = this.projection.itemHistory.previousOf(doc);
    entry.recorded = { update: toUpdate(doc), duplicate: false, ...(previous !== undefined ? { previous: previous && toUpdate(previous) } : {}) };
    return entry.recorded;
  }

  /** Tells the callers of these updates, now in the log with their history written, what they will hear (RecordUpdateOptions.onLogged). */
  private tellLogged(inserted: readonly UpdateDoc[]): void {
    for (const doc of inserted) {
      const entry = this.logging.get(doc._id.toHexString());
      if (!entry?.onLogged) continue;
      try {
        entry.onLogged(this.recorded(entry));
      } catch (err) {
        this.onRepairError(err); // a listener's failure is not the write's
      }
    }
  }

  /**
   * The update saved under a request key: one read by `_id` in request_keys (or none, while this
   * process is writing that document); the log is scanned only when that document is missing
   * (written by an older version, its write failed, or the first delivery is between its log
   * insert and that write on another instance), and the document is then written.
   */
  private async savedUnder(requestKey: string): Promise<UpdateDoc | null> {
    const keyed = await this.read('reading the saved update', () => this.keys.find(requestKey));
    if (keyed) return keyed;
    const logged = await this.read('reading the saved update', () => this.c.updates.findOne({ requestKey }));
    if (logged) {
      // The first attempt may have died between the log and the projections: finish its work.
      await this.writes(() => this.projection.project([logged])).catch((err: unknown) => this.onRepairError(err));
      this.keys.later([logged]);
    }
    return logged;
  }


  /**
   * After a batch of updates is in the log, in the same queue turn: its projections (StatusProjection.advanceAll).
   */
  private async advanceAll(inserted: readonly UpdateDoc[], hints: HistoryHints | undefined): Promise<void> {
    // Told one event-loop step later: the current-status write is sent first, and what the callers
    // do then (the audit entry) overlaps its round trip.
    await this.projection.advanceAll(inserted, hints, () => setImmediate(() => this.tellLogged(inserted)));
    // Their request keys go in at the queue's next turn, after their callers hear "saved".
    this.keys.later(inserted);
    // Their callers hear "saved" before this queue turn ends: a read they start must not join an older one.
    this.reads.wrote();
  }

  /** Resolves when every scheduled check (and repair) and request-key write has run (tests, and a clean shutdown). */
  async settled(): Promise<void> {
    await this.keys.settled();
    await this.projection.settled();
  }

  /** Rebuilds the projections (current status, history) from the log (at start-up: repairs any interrupted write). */
  async rebuildLatest(): Promise<void> {
    await this.projection.rebuildLatest();
  }

  async currentStatuses(asOf?: Date, itemIds?: readonly string[]): Promise<Map<string, StatusUpdate>> {
    if (!asOf) {
      return this.read('reading statuses', async () => {
        // A few items: each by _id (an index search); $in is not one on FerretDB 1.x, it scans.
        const docs = await this.reads.run(`latest:${itemIds ? itemIds.join(',') : '*'}`, async () =>
          itemIds
            ? (await Promise.all(itemIds.map((_id) => this.c.latest.findOne({ _id })))).filter((d): d is LatestDoc => d !== null)
            : this.c.latest.find({}).toArray(),
        );
        this.projection.checkAgainstOwn(docs, itemIds);
        return new Map(docs.map((d) => [d._id, toUpdate(unpack(d.update))]));
      });
    }
    return this.read('reading statuses', async () => {
      // Each item's newest update as of then, from its history version (read by _id) when that
      // reaches back far enough, as `history … as of` does. On FerretDB any other filter reads the
      // whole log: a query per item made the whole plan as of a date 27 reads of it (18 s at 10,000
      // updates). Items whose versions do not reach back share one pass over the log.
      const pointers = itemIds ? undefined : await this.reads.run('latest:*', () => this.c.latest.find({}).toArray());
      const ids = itemIds ?? pointers!.map((d) => d._id);
      const pointerOf = new Map(pointers?.map((d) => [d._id, { key: d.key, historyRev: d.historyRev ?? 0 }]));
      const out = new Map<string, StatusUpdate>();
      const fromLog: string[] = [];
      await Promise.all(
        ids.map(async (itemId) => {
          const answer = await this.historyFromProjection(itemId, { asOf, limit: 1 }, pointerOf.get(itemId));
          if (answer === undefined) fromLog.push(itemId);
          else if (answer[0]) out.set(itemId, toUpdate(answer[0]));
        }),
      );
      if (fromLog.length === 1) {
        const [doc] = await this.historyFromLog(fromLog[0]!, { asOf, limit: 1 });
        if (doc) out.set(doc.itemId, toUpdate(doc));
      } else if (fromLog.length > 1) {
        const newest = await this.recentFromLog(asOf, 1);
        for (const itemId of fromLog) {
          const [update] = newest.get(itemId) ?? [];
          if (update) out.set(itemId, update);
        }
      }
      return out;
    });
  }

  async history(itemId: string, options: { asOf?: Date; limit?: number } = {}): Promise<StatusUpdate[]> {
    return this.historyAt(itemId, options);
  }

  /**
   * An item's history: from its history version (historyFromProjection), else from the log.
   * `pointer`: its current status as the caller has just read it (recentHistories, which read them all).
   */
  private async historyAt(itemId: string, options: { asOf?: Date; limit?: number }, pointer?: ItemPointer): Promise<StatusUpdate[]> {
    const fromProjection = await this.read('reading history', () => this.historyFromProjection(itemId, options, pointer));
    if (fromProjection) return fromProjection.map(toUpdate);
    return this.read('reading history', async () => (await this.historyFromLog(itemId, options)).map(toUpdate));
  }

  /** An item's newest updates (at or before `asOf`) straight from the log: on FerretDB a read of the whole log. */
  private historyFromLog(itemId: string, options: { asOf?: Date; limit?: number }): Promise<UpdateDoc[]> {
    const filter: Filter<UpdateDoc> = { itemId };
    if (options.asOf) filter.at = { $lte: options.asOf };
    return this.c.updates.find(filter).sort({ at: -1, _id: -1 }).limit(options.limit ?? 0).toArray();
  }

  /**
   * An item's newest updates (at or before `asOf`) from its history version, read by `_id`: its
   * current status (which the history must have reached, and which says which version is the
   * newest), then that version. Undefined when the version does not answer (it does not reach back
   * far enough, or is missing or behind — then rebuilt from the log shortly): read the log.
   */
  private async historyFromProjection(itemId: string, options: { asOf?: Date; limit?: number }, pointer?: ItemPointer): Promise<UpdateDoc[] | undefined> {
    const limit = options.limit ?? 0;
    const latest = pointer ?? (await this.reads.run(`latestKey:${itemId}`, () => this.c.latest.findOne({ _id: itemId }, { projection: { key: 1, historyRev: 1 } })));
    const doc = await this.reads.run(`history:${itemId}`, () => this.projection.itemHistory.newest(itemId, latest?.historyRev ?? 0));
    const own = this.projection.ownNewestKey(itemId) ?? '';
    this.projection.checkIfUnprojected(itemId);
    // No update of the item anywhere: nothing to scan for.
    if (!doc && !latest && !own) return [];
    const atLeast = latest && latest.key > own ? latest.key : own;
    const answer = answerFromHistory(doc, { atLeast, limit, ...(options.asOf ? { asOf: options.asOf } : {}) });
    if (!doc || doc.key < atLeast) {
      // Missing or behind: a write stopped between the log and it, a pointer a race left
      // behind, or a database from before it. Rebuilt from the log shortly.
      this.projection.historyFoundBehind(itemId);
    }
    return answer;
  }

  async recentHistories(asOf: Date, perItem: number): Promise<Map<string, StatusUpdate[]>> {
    return this.read('reading recent updates', () => this.recent.read(asOf, perItem));
  }

  /** Every item's newest updates straight from the log, in one pass (a query per item would each be a scan on FerretDB). */
  private async recentFromLog(asOf: Date, perItem: number): Promise<Map<string, StatusUpdate[]>> {
    const out = new Map<string, StatusUpdate[]>();
    for await (const doc of this.c.updates.find({ at: { $lte: asOf } }).sort({ at: -1, _id: -1 })) {
      const list = out.get(doc.itemId) ?? [];
      if (list.length < perItem) list.push(toUpdate(doc));
      out.set(doc.itemId, list);
    }
    return out;
  }

  async *allUpdates(): AsyncIterable<StatusUpdate> {
    const cursor = this.c.updates.find({}).sort({ at: 1, _id: 1 });
    try {
      while (true) {
        const doc = await guard('reading updates', () => cursor.next());
        if (!doc) break;
        yield toUpdate(doc);
      }
    } finally {
      await cursor.close().catch(() => undefined); // closing a dead cursor has nothing to report
    }
  }

  /**
   * Read whole and picked here: every update asks for its sender's memberships, and many people
   * sending at once then share one read (shared-reads.ts) instead of one each — on FerretDB a
   * filter on email reads the whole collection anyway. Memberships are few: grants and revocations
   * by stewards beyond what email domains already say.
   */
  async membershipChanges(email: string): Promise<MembershipChange[]> {
    return this.read('reading memberships', async () => {
      const key = email.toLowerCase();
      const docs = await this.reads.run('memberships:*', () => this.c.memberships.find({}).sort({ at: 1, _id: 1 }).toArray());
      return docs.filter((d) => d.email === key).map(({ _id, ...rest }) => rest);
    });
  }

  async recordMembership(change: MembershipChange): Promise<void> {
    await this.write('saving the membership', () => this.membershipInserts.insert({ _id: new ObjectId(), ...change, email: change.email.toLowerCase() }));
  }

  async currentTags(): Promise<Map<number, TagChange>> {
    return this.read('reading tags', async () => {
      const docs = await this.reads.run('tags', () => this.c.tags.find({}).sort({ at: 1, _id: 1 }).toArray());
      const out = new Map<number, TagChange>();
      for (const { _id, ...rest } of docs) out.set(rest.action, rest);
      return out;
    });
  }

  async recordTags(change: TagChange): Promise<void> {
    await this.write('saving the tags', () => this.tagInserts.insert({ _id: new ObjectId(), ...change }));
  }

  async rememberPerson(person: KnownPerson): Promise<void> {
    // A person record is a directory entry, not history: replacing it is the point.
    await this.write('remembering a person', () =>
      this.writes(() =>
        this.c.people.replaceOne({ _id: `${person.platform}:${person.userId}` }, { ...person, email: person.email.toLowerCase() }, { upsert: true }),
      ),
    );
  }

  async knownPeople(platform?: Platform): Promise<KnownPerson[]> {
    return this.read('reading people', async () => {
      const docs = await this.c.people.find(platform ? { platform } : {}).toArray();
      return docs.map(({ _id, ...rest }) => rest);
    });
  }
}

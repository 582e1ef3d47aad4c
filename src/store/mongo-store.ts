// The PlanStore on MongoDB (and FerretDB 1.x): appends only, claims by unique
// index, no transactions, no $first/$lookup: the subset FerretDB 1.x also serves
// (docs/decisions/0001 and 0002).
import type { Db, Filter } from 'mongodb';
import { MongoBulkWriteError, ObjectId } from 'mongodb';
import type { Platform } from '../core/identity.js';
import type {
  KnownPerson,
  MembershipChange,
  NewStatusUpdate,
  PlanStore,
  StatusUpdate,
  TagChange,
} from '../core/store-port.js';
import { StoreUnavailableError } from '../core/store-port.js';
import { collections, latestKey, newestOf, type MembershipDoc, type StoredLatestDoc, type TagDoc, type UpdateDoc } from './collections.js';
import { answerFromHistory, HISTORY_KEEP, HistoryProjection } from './history-projection.js';
import { DUPLICATE_KEY, guard, isDuplicateKey } from './mongo-errors.js';
import { InsertBatcher } from './insert-batcher.js';
import { isTimeout, patientRead } from './patient-read.js';
import { RecentHistories } from './recent-histories.js';
import { SharedReads } from './shared-reads.js';
import type { WriteQueue } from './write-queue.js';

/** Old history versions removed per turn of the write queue (each is its own commit on FerretDB). */
const SWEEP_CHUNK = 16;

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
}

/**
 * The write that moves an item's current status forward to `doc`, and its history pointer to
 * `historyRev`: `$max` only ever moves either forward, and the filter is `_id` alone (see
 * LatestDoc). Fields from before `newest` are removed as it is written.
 */
function latestMove(doc: UpdateDoc, historyRev?: number) {
  return {
    filter: { _id: doc.itemId },
    update: { $max: { newest: { key: latestKey(doc), update: doc }, ...(historyRev ? { historyRev } : {}) }, $unset: { key: '', update: '' } },
    upsert: true,
  } as const;
}

function toUpdate(doc: UpdateDoc): StatusUpdate {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id.toHexString() };
}

export class MongoPlanStore implements PlanStore {
  private readonly c;

  private readonly pendingChecks = new Set<Promise<void>>();
  private readonly checksDue = new Set<string>();
  /** Per item, the key of the newest update this process wrote: what the projection must reach. */
  private readonly ownNewest = new Map<string, string>();
  /** Items whose history document a look-up found behind their current status: rebuilt from the log at the next check. */
  private readonly historyBehind = new Set<string>();
  private sweepDue = false;
  /** When an operation here last found the database unreachable (not merely slow). */
  private unreachableAt = 0;
  /** Per item, updates in the log whose batch's projections failed: the check adds them to the history. */
  private readonly unprojected = new Map<string, UpdateDoc[]>();
  private readonly itemHistory: HistoryProjection;
  private readonly ping: () => Promise<boolean>;
  private readonly onWriteBatch: (collection: string, size: number) => void;
  private readonly onSlowRead: (what: string) => void;
  private readonly onOperation: ((e: { operation: string; ok: boolean; seconds: number }) => void) | undefined;
  private readonly writes: WriteQueue;
  private readonly reads = new SharedReads();
  /** Recent updates per item, checked against the current-status documents on every read (recent-histories.ts). */
  private readonly recent = new RecentHistories({
    stamps: async () => {
      const docs = await this.reads.run('latest:*', () => this.c.latest.find({}).toArray());
      return new Map(docs.map((d) => [d._id, `${newestOf(d)?.key ?? ''}|${d.historyRev ?? 0}`]));
    },
    allFromLog: (asOf, perItem) => this.recentFromLog(asOf, perItem),
    item: (itemId, limit, asOf) => this.history(itemId, { limit, ...(asOf ? { asOf } : {}) }),
    byIdLimit: HISTORY_KEEP,
  });
  private readonly repairDelayMs: number;
  private readonly onRepairError: (err: unknown) => void;
  private readonly updateInserts: InsertBatcher<UpdateDoc>;
  // Steward writes go through the same batching, for its confirmation when an answer is lost.
  private readonly membershipInserts: InsertBatcher<MembershipDoc>;
  private readonly tagInserts: InsertBatcher<TagDoc>;

  /**
   * `writes` queues this store's writes (see write-queue.ts); reads never wait for it.
   * A failed check or repair is reported to `onRepairError` (the next write or look-up of the item, or start-up, repairs again).
   */
  constructor(private readonly db: Db, options: MongoPlanStoreOptions) {
    this.c = collections(db);
    this.itemHistory = new HistoryProjection(this.c.history, this.c.updates);
    this.ping = options.ping ?? (() => db.command({ ping: 1 }, { timeoutMS: 3000 }).then(() => true, () => false));
    this.onWriteBatch = options.onWriteBatch ?? (() => undefined);
    this.onSlowRead = options.onSlowRead ?? (() => undefined);
    this.onOperation = options.onOperation;
    const queue = options.writes;
    // Every write, whatever its outcome, ends the sharing of reads that began before it.
    this.writes = (write) => queue(write).finally(() => this.reads.wrote());
    this.repairDelayMs = options.repairDelayMs ?? 1000;
    this.onRepairError = options.onRepairError ?? (() => undefined);
    const batch = (collection: string) => ({ onBatch: (size: number) => this.onWriteBatch(collection, size) });
    this.updateInserts = new InsertBatcher(this.c.updates, this.writes, (inserted) => this.advanceAll(inserted), batch('status_updates'));
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
    return this.timed(what, () => patientRead(what, call, { answers, onSlow: this.onSlowRead }));
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

  async recordUpdate(update: NewStatusUpdate): Promise<{ update: StatusUpdate; duplicate: boolean }> {
    const doc: UpdateDoc = { _id: new ObjectId(), ...update };
    try {
      // Queued with the other updates waiting to be written, and inserted with them in one go.
      await this.write('saving the update', () => this.updateInserts.insert(doc));
      this.noteOwn(doc);
      this.scheduleCheck(doc.itemId);
      return { update: toUpdate(doc), duplicate: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Someone (a retry, a replay, a double click) already applied this request.
      const existing = await this.savedUnder(update.requestKey);
      if (!existing) throw err;
      this.noteOwn(existing);
      this.scheduleCheck(existing.itemId);
      return { update: toUpdate(existing), duplicate: true };
    }
  }

  /**
   * The update saved under a request key: one read by `_id` in request_keys; the log is scanned
   * only when that document is missing (written by an older version, or the first delivery is
   * between its log insert and this step on another instance), and the document is then written.
   */
  private async savedUnder(requestKey: string): Promise<UpdateDoc | null> {
    const keyed = await this.read('reading the saved update', () => this.c.requestKeys.findOne({ _id: requestKey }));
    if (keyed) return keyed.update;
    const logged = await this.read('reading the saved update', () => this.c.updates.findOne({ requestKey }));
    // The first attempt may have died between the log and the projections: finish its work.
    if (logged) await this.writes(() => this.project([logged])).catch((err: unknown) => this.onRepairError(err));
    return logged;
  }

  /**
   * After a batch of updates is in the log, in the same queue turn: the request keys (one
   * insertMany), then per item one history write and one current-status write, however many
   * updates the item got in the batch. The log is the record and the server has acknowledged it:
   * those updates ARE saved, and people must hear so even if this step fails (the database going
   * away between the two); the check scheduled after each write sets the projections right.
   */
  private async advanceAll(inserted: readonly UpdateDoc[]): Promise<void> {
    await this.project(inserted).catch((err: unknown) => {
      // Their history entries may be missing (not only the newest: a later update from another
      // instance would hide the gap): the check after the write adds them again.
      for (const doc of inserted) this.unprojected.set(doc.itemId, [...(this.unprojected.get(doc.itemId) ?? []), doc]);
      this.onRepairError(err);
    });
    // Their callers hear "saved" before this queue turn ends: a read they start must not join an older one.
    this.reads.wrote();
  }

  private async project(inserted: readonly UpdateDoc[]): Promise<void> {
    const failures: unknown[] = [];
    const keys = inserted.map((update) => ({ _id: update.requestKey, update }));
    // A key already there is the same update's (the log's unique index allows one per key).
    await this.c.requestKeys.insertMany(keys, { ordered: false }).catch((err: unknown) => {
      const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
      const dupsOnly = writeErrors !== undefined && [writeErrors].flat().every((e) => (e as { code?: number }).code === 11000);
      if (!dupsOnly) failures.push(err);
    });
    // The database went away after the log took the batch: stop here rather than hold the write
    // queue for each remaining step's server-selection wait. Each step is repaired later (a
    // replay finds its key in the log; the check sets the current status; a look-up that finds
    // the history behind has it rebuilt from the log).
    if (failures.length) throw failures[0];
    const byItem = new Map<string, UpdateDoc[]>();
    for (const doc of inserted) byItem.set(doc.itemId, [...(byItem.get(doc.itemId) ?? []), doc]);
    // History first (a reader that finds it behind the current status reads the log instead):
    // one version per item, all in one insert.
    const revs = await guard('saving the history', () => this.itemHistory.addAll(byItem, (itemId) => this.historyHint(itemId))).catch((err: unknown) => {
      failures.push(err);
      return undefined;
    });
    if (!revs) throw failures[0]; // as above
    const newest = [...byItem.values()].map((docs) => docs.reduce((a, b) => (latestKey(a) < latestKey(b) ? b : a)));
    await this.advanceLatestAll(newest, revs).catch((err: unknown) => failures.push(err));
    this.scheduleSweep();
    if (failures.length) throw failures[0];
  }

  /**
   * Moves several items' current status forward in one command: one `$max` by `_id` each
   * (latestMove). Items whose document two writers created at once (one insert lost) go
   * through advanceLatest on their own.
   */
  private async advanceLatestAll(docs: readonly UpdateDoc[], revs: ReadonlyMap<string, number>): Promise<void> {
    if (docs.length === 1) return this.advanceLatest(docs[0]!, revs.get(docs[0]!.itemId));
    const raced = await guard('saving the current status', async () => {
      try {
        await this.c.latest.bulkWrite(docs.map((doc) => ({ updateOne: latestMove(doc, revs.get(doc.itemId)) })), { ordered: false });
        return [];
      } catch (err) {
        const errors = err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
        if (!errors.length || errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
        return errors.map((e) => docs[e.index]!);
      }
    });
    for (const doc of raced) await this.advanceLatest(doc, revs.get(doc.itemId));
  }

  /**
   * Moves an item's latest-status projection forward to `doc` unless something newer is there:
   * one `$max` by `_id` (latestMove), created if missing; two writers creating it at once: one
   * insert wins, the other tries again (then it is an update). FerretDB 1.x does not apply an
   * update atomically, so writers racing from several instances can leave it one update behind:
   * scheduleCheck puts that right from the log.
   */
  private async advanceLatest(doc: UpdateDoc, historyRev?: number): Promise<void> {
    await guard('saving the current status', async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const { filter, update, upsert } = latestMove(doc, historyRev);
          await this.c.latest.updateOne(filter, update, { upsert });
          return;
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= 3) throw err;
        }
      }
    });
  }

  /**
   * Another instance writing the same item at the same moment can leave the projection one
   * update behind (FerretDB applies updates non-atomically, and the write queue is per
   * process). So, shortly after each write, this process checks — one read by `_id` — that the
   * projection is at least as new as the newest update it wrote itself; only if it is not does it
   * set the projection from the log (a scan on FerretDB, which, done after every write, had cost
   * most of the load test's throughput; figures in docs/decisions/0002). Racing repairs all write
   * the same, true value. Reads check too (currentStatuses), so a projection knocked back later
   * is put right by the next look-up in the process that knows better.
   */
  private scheduleCheck(itemId: string): void {
    // One scheduled check per item covers every write before it starts.
    if (this.checksDue.has(itemId)) return;
    this.checksDue.add(itemId);
    const check = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.checksDue.delete(itemId);
        this.checkLatest(itemId)
          .catch((err: unknown) => this.onRepairError(err))
          .finally(() => {
            this.pendingChecks.delete(check);
            resolve();
          });
      }, this.repairDelayMs);
      timer.unref();
    });
    this.pendingChecks.add(check);
  }

  /**
   * Old history versions of the items written here go a few seconds later, by `_id`, a few per
   * turn of the write queue (removeOldVersions).
   */
  private scheduleSweep(): void {
    if (this.sweepDue || !this.itemHistory.hasOwnOld()) return;
    this.sweepDue = true;
    const sweep = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.sweepDue = false;
        this.removeOldVersions()
          .catch((err: unknown) => this.onRepairError(err))
          .finally(() => {
            this.pendingChecks.delete(sweep);
            resolve();
          });
      }, this.repairDelayMs * 5);
      timer.unref();
    });
    this.pendingChecks.add(sweep);
  }

  /** A few versions per turn of the write queue, so people's updates are not held behind a long sweep. */
  private async removeOldVersions(): Promise<void> {
    const ids = this.itemHistory.takeOwnOld();
    for (let i = 0; i < ids.length; i += SWEEP_CHUNK) {
      await this.backgroundWrite('removing old history versions', () => this.itemHistory.removeVersions(ids.slice(i, i + SWEEP_CHUNK)));
    }
  }

  private async checkLatest(itemId: string): Promise<void> {
    if (this.historyBehind.delete(itemId)) await this.repairHistory(itemId);
    const missed = this.unprojected.get(itemId);
    if (missed) {
      await this.backgroundWrite('repairing the history', async () => {
        const rev = await this.itemHistory.add(itemId, missed, this.historyHint(itemId));
        if (rev) await this.c.latest.updateOne({ _id: itemId }, { $max: { historyRev: rev } });
      });
      // Kept when that failed: the item's next write or look-up checks again (so does a restart).
      if (this.unprojected.get(itemId) === missed) this.unprojected.delete(itemId);
    }
    const own = this.ownNewest.get(itemId);
    if (!own) return;
    const current = await guard('reading the current status', () => this.c.latest.findOne({ _id: itemId }, { projection: { newest: 1, key: 1, update: 1 } }));
    if (!current || (newestOf(current)?.key ?? '') < own) await this.repairLatest(itemId);
  }

  /** Remembers the newest update this process has written (or finished) for its item. */
  private noteOwn(doc: UpdateDoc): void {
    const key = latestKey(doc);
    if ((this.ownNewest.get(doc.itemId) ?? '') < key) this.ownNewest.set(doc.itemId, key);
  }

  private async repairLatest(itemId: string): Promise<void> {
    const newest = await guard('reading the latest update', () => this.c.updates.find({ itemId }).sort({ at: -1, _id: -1 }).limit(1).next());
    if (newest) await this.backgroundWrite('saving the current status', () => this.advanceLatest(newest));
  }

  /** Where the current status says the item's history is (asked only when this process has not seen it). */
  private historyHint(itemId: string): () => Promise<number> {
    return async () => (await this.c.latest.findOne({ _id: itemId }, { projection: { historyRev: 1 } }))?.historyRev ?? 0;
  }

  /** Sets an item's history from the log (merging what is there), and the current status's pointer to it. */
  /**
   * A repair or clean-up in the write queue. When its turn comes it first asks the database for a
   * quick ping: while the database is away, a repair would hold the queue for a whole
   * server-selection wait (3 s) in front of people's updates, which must hear "nothing was saved"
   * promptly. Skipped repairs are done by the next check, look-up or start.
   */
  private backgroundWrite<T>(what: string, work: () => Promise<T>): Promise<T> {
    return this.writes(() =>
      guard(what, async () => {
        const answers = await this.db.command({ ping: 1 }, { timeoutMS: 500 }).then(() => true, () => false);
        if (!answers) throw new StoreUnavailableError(`${what}: the database does not answer; left for the next check`);
        return work();
      }),
    );
  }

  private async repairHistory(itemId: string): Promise<void> {
    await this.backgroundWrite('repairing the history', async () => {
      const rev = await this.itemHistory.add(itemId, [], this.historyHint(itemId), { fromLog: true });
      if (rev) await this.c.latest.updateOne({ _id: itemId }, { $max: { historyRev: rev } });
    });
  }

  /** Resolves when every scheduled check (and repair) has run (tests, and a clean shutdown). */
  async settled(): Promise<void> {
    while (this.pendingChecks.size) await Promise.all([...this.pendingChecks]);
  }

  /** Rebuilds the projections (current status, history) from the log (at start-up: repairs any interrupted write). */
  async rebuildLatest(): Promise<void> {
    await guard('rebuilding current statuses', async () => {
      // One pass over the log, newest first: each item's newest updates (one scan, not two per item).
      const newest = new Map<string, UpdateDoc[]>();
      for await (const doc of this.c.updates.find({}).sort({ at: -1, _id: -1 })) {
        const list = newest.get(doc.itemId) ?? [];
        if (list.length <= HISTORY_KEEP) list.push(doc);
        newest.set(doc.itemId, list);
      }
      for (const [itemId, logged] of newest) {
        await this.writes(async () => {
          const rev = await this.itemHistory.add(itemId, [], this.historyHint(itemId), { fromLog: logged });
          await this.advanceLatest(logged[0]!, rev);
        });
      }
      // Old history versions, removed in one command now rather than after each write (on FerretDB a delete scans).
      const pointers = await this.c.latest.find({}, { projection: { historyRev: 1 } }).toArray();
      await this.writes(() => this.itemHistory.removeOld(new Map(pointers.map((p) => [p._id, p.historyRev ?? 0]))));
    });
  }

  async currentStatuses(asOf?: Date, itemIds?: readonly string[]): Promise<Map<string, StatusUpdate>> {
    if (!asOf) {
      return this.read('reading statuses', async () => {
        // A few items: each by _id (an index search); $in is not one on FerretDB 1.x, it scans.
        const docs = await this.reads.run(`latest:${itemIds ? itemIds.join(',') : '*'}`, async () =>
          itemIds
            ? (await Promise.all(itemIds.map((_id) => this.c.latest.findOne({ _id })))).filter((d): d is StoredLatestDoc => d !== null)
            : this.c.latest.find({}).toArray(),
        );
        this.checkAgainstOwn(docs, itemIds);
        return new Map(docs.flatMap((d) => {
          const newest = newestOf(d);
          return newest ? [[d._id, toUpdate(newest.update)] as const] : [];
        }));
      });
    }
    const when: Filter<UpdateDoc> = { at: { $lte: asOf } };
    return this.read('reading statuses', async () => {
      // One indexed query per item (FerretDB 1.x has no $group $first to do it in one).
      const ids = itemIds ?? ((await this.c.updates.distinct('itemId', when)) as string[]);
      const latest = await Promise.all(
        ids.map((itemId) => this.c.updates.find({ ...when, itemId }).sort({ at: -1, _id: -1 }).limit(1).next()),
      );
      const out = new Map<string, StatusUpdate>();
      for (const doc of latest) if (doc) out.set(doc.itemId, toUpdate(doc));
      return out;
    });
  }

  /** A projection read older than this process's own last write for an item gets a check. */
  private checkAgainstOwn(docs: readonly StoredLatestDoc[], itemIds?: readonly string[]): void {
    const read = new Map(docs.map((d) => [d._id, newestOf(d)?.key ?? '']));
    for (const [itemId, own] of this.ownNewest) {
      if (itemIds && !itemIds.includes(itemId)) continue;
      if ((read.get(itemId) ?? '') < own) this.scheduleCheck(itemId);
    }
  }

  async history(itemId: string, options: { asOf?: Date; limit?: number } = {}): Promise<StatusUpdate[]> {
    const limit = options.limit ?? 0;
    const fromProjection = await this.read('reading history', async () => {
      // Reads by _id: the item's current status (which the history must have reached, and which
      // says which history version is the newest), then that version.
      const stored = await this.reads.run(`latestKey:${itemId}`, () => this.c.latest.findOne({ _id: itemId }, { projection: { newest: 1, key: 1, update: 1, historyRev: 1 } }));
      const latest = stored ? { key: newestOf(stored)?.key ?? '', historyRev: stored.historyRev } : null;
      const doc = await this.reads.run(`history:${itemId}`, () => this.itemHistory.newest(itemId, latest?.historyRev ?? 0));
      const own = this.ownNewest.get(itemId) ?? '';
      if (this.unprojected.has(itemId)) this.scheduleCheck(itemId);
      // No update of the item anywhere: nothing to scan for.
      if (!doc && !latest && !own) return [];
      const atLeast = latest && latest.key > own ? latest.key : own;
      const answer = answerFromHistory(doc, { atLeast, limit, ...(options.asOf ? { asOf: options.asOf } : {}) });
      if (!doc || doc.key < atLeast) {
        // Missing or behind: a write stopped between the log and it, a pointer a race left
        // behind, or a database from before it. Rebuilt from the log shortly.
        this.historyBehind.add(itemId);
        this.scheduleCheck(itemId);
      }
      return answer;
    });
    if (fromProjection) return fromProjection.map(toUpdate);
    const filter: Filter<UpdateDoc> = { itemId };
    if (options.asOf) filter.at = { $lte: options.asOf };
    return this.read('reading history', async () => {
      const docs = await this.c.updates
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(options.limit ?? 0)
        .toArray();
      return docs.map(toUpdate);
    });
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

  async membershipChanges(email: string): Promise<MembershipChange[]> {
    return this.read('reading memberships', async () => {
      const key = email.toLowerCase();
      const docs = await this.reads.run(`memberships:${key}`, () => this.c.memberships.find({ email: key }).sort({ at: 1, _id: 1 }).toArray());
      return docs.map(({ _id, ...rest }) => rest);
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

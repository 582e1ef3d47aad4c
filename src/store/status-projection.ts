// The status projections' upkeep (docs/decisions/0002): after each batch of updates is in the
// log, each item's history version and its current status; then, shortly
// after, checks that this process's own writes reached the current status (several instances
// racing on FerretDB can leave it one behind) and repairs from the log; old history versions
// swept a few at a time; and the full rebuild at start. MongoPlanStore owns one and calls it.
import type { Db } from 'mongodb';
import { StoreUnavailableError } from '../core/store-port.js';
import { latestKey, type collections, type LatestDoc, type UpdateDoc } from './collections.js';
import { HISTORY_KEEP, HistoryProjection } from './history-projection.js';
import { guard, isDuplicateKey } from './mongo-errors.js';
import { pack } from './packed.js';
import type { WriteQueue } from './write-queue.js';
import { answersPing } from './time-limit.js';

/** The same promise, marked as handled: it may be left unawaited when an earlier step fails. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Old history versions removed per turn of the write queue (each is its own commit on FerretDB). */
const SWEEP_CHUNK = 16;

type Collections = ReturnType<typeof collections>;

/** Per item, where the current status says its history is (`historyRev`), being read. */
export type HistoryHints = ReadonlyMap<string, Promise<number>>;

export interface StatusProjectionOptions {
  /** The store's writes (its queue, which also ends the sharing of older reads). */
  writes: WriteQueue;
  repairDelayMs: number;
  onRepairError: (err: unknown) => void;
}

export class StatusProjection {
  private readonly pendingChecks = new Set<Promise<void>>();
  private readonly checksDue = new Set<string>();
  /** Per item, the key of the newest update this process wrote: what the projection must reach. */
  private readonly ownNewest = new Map<string, string>();
  /** Items whose history document a look-up found behind their current status: rebuilt from the log at the next check. */
  private readonly historyBehind = new Set<string>();
  private sweepDue = false;
  /** Per item, updates in the log whose batch's projections failed: the check adds them to the history. */
  private readonly unprojected = new Map<string, UpdateDoc[]>();
  /** Each item's history versions (history-projection.ts); the store reads them too. */
  readonly itemHistory: HistoryProjection;
  private readonly writes: WriteQueue;
  private readonly repairDelayMs: number;
  private readonly onRepairError: (err: unknown) => void;

  constructor(private readonly db: Db, private readonly c: Collections, options: StatusProjectionOptions) {
    this.itemHistory = new HistoryProjection(c.history, c.updates);
    this.writes = options.writes;
    this.repairDelayMs = options.repairDelayMs;
    this.onRepairError = options.onRepairError;
  }

  /** The key of the newest update this process wrote for the item, if any. */
  ownNewestKey(itemId: string): string | undefined {
    return this.ownNewest.get(itemId);
  }

  /** A look-up of the item's history: a batch whose projections failed is added back by a check. */
  checkIfUnprojected(itemId: string): void {
    if (this.unprojected.has(itemId)) this.scheduleCheck(itemId);
  }

  /** A look-up found the item's history missing or behind: rebuilt from the log at a check shortly. */
  historyFoundBehind(itemId: string): void {
    this.historyBehind.add(itemId);
    this.scheduleCheck(itemId);
  }

  /**
   * After a batch of updates is in the log, in the same queue turn: per item one history write
   * and one current-status write, however many
   * updates the item got in the batch. The log is the record and the server has acknowledged it:
   * those updates ARE saved, and people must hear so even if this step fails (the database going
   * away between the two); the check scheduled after each write sets the projections right.
   */
  async advanceAll(inserted: readonly UpdateDoc[], hints?: HistoryHints, historyWritten?: () => void): Promise<void> {
    await this.project(inserted, hints, historyWritten).catch((err: unknown) => {
      // Their history entries may be missing (not only the newest: a later update from another
      // instance would hide the gap): the check after the write adds them again.
      for (const doc of inserted) this.unprojected.set(doc.itemId, [...(this.unprojected.get(doc.itemId) ?? []), doc]);
      this.onRepairError(err);
    });
  }

  /**
   * Per item of `docs`, where its history stands: read while the log takes them (a read beside
   * the write: one round trip fewer for a person waiting; nothing is written before both are done).
   */
  historyHints(docs: readonly UpdateDoc[]): HistoryHints {
    const itemIds = new Set(docs.map((d) => d.itemId));
    return new Map([...itemIds].map((itemId) => [itemId, quiet(this.historyHint(itemId)())]));
  }

  /**
   * A batch's projections: per item one history version and one current-status write (the
   * request keys are written after the callers hear "Saved": request-keys.ts). `hints`: each
   * item's history pointer, read beside the log's insert (else read here). `historyWritten`: told
   * once the history versions are in, as the current statuses' write starts.
   */
  async project(inserted: readonly UpdateDoc[], hints: HistoryHints = this.historyHints(inserted), historyWritten?: () => void): Promise<void> {
    const failures: unknown[] = [];
    const byItem = new Map<string, UpdateDoc[]>();
    for (const doc of inserted) byItem.set(doc.itemId, [...(byItem.get(doc.itemId) ?? []), doc]);
    // History first (a reader that finds it behind the current status reads the log instead):
    // one version per item, all in one insert.
    const revs = await guard('saving the history', () => this.itemHistory.addAll(byItem, (itemId) => () => hints.get(itemId) ?? this.historyHint(itemId)())).catch((err: unknown) => {
      failures.push(err);
      return undefined;
    });
    // The database went away after the log took the batch: stop here rather than hold the write
    // queue for the next step's server-selection wait. Each step is repaired later (the check sets
    // the current status; a look-up that finds the history behind has it rebuilt from the log).
    if (!revs) throw failures[0];
    const newest = [...byItem.values()].map((docs) => docs.reduce((a, b) => (latestKey(a) < latestKey(b) ? b : a)));
    const latest = this.advanceLatestAll(newest, revs).catch((err: unknown) => failures.push(err));
    historyWritten?.();
    await latest;
    this.scheduleSweep();
    if (failures.length) throw failures[0];
  }

  /**
   * Moves several items' current status forward in one command (one conditional update each);
   * only when some did not move (a new item, a newer update already there, a race) does each go
   * through advanceLatest on its own.
   */
  private async advanceLatestAll(docs: readonly UpdateDoc[], revs: ReadonlyMap<string, number>): Promise<void> {
    if (docs.length === 1) return this.advanceLatest(docs[0]!, revs.get(docs[0]!.itemId));
    const moved = await guard('saving the current status', () =>
      this.c.latest.bulkWrite(
        docs.map((doc) => {
          const key = latestKey(doc);
          const historyRev = revs.get(doc.itemId);
          return { updateOne: { filter: { _id: doc.itemId, key: { $lt: key } }, update: { $set: { key, update: pack(doc) }, ...(historyRev ? { $max: { historyRev } } : {}) } } };
        }),
        { ordered: false },
      ),
    );
    if (moved.matchedCount === docs.length) return;
    // Which did not move is not told: each is tried again alone (a no-op for those that moved).
    for (const doc of docs) await this.advanceLatest(doc, revs.get(doc.itemId));
  }

  /**
   * Moves an item's latest-status projection forward to `doc` unless something newer is there.
   * Usually one conditional update. FerretDB 1.x does not apply a conditional update
   * atomically, so writers racing from several instances can leave it one update behind:
   * scheduleCheck puts that right from the log.
   */
  private async advanceLatest(doc: UpdateDoc, historyRev?: number): Promise<void> {
    const key = latestKey(doc);
    // Where the item's newest history version is, moved along in the same write.
    const rev = historyRev ? { $max: { historyRev } } : {};
    await guard('saving the current status', async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const moved = await this.c.latest.updateOne({ _id: doc.itemId, key: { $lt: key } }, { $set: { key, update: pack(doc) }, ...rev });
        if (moved.matchedCount > 0) return;
        const current = await this.c.latest.findOne({ _id: doc.itemId });
        if (current) {
          if (current.key >= key) {
            // Something as new or newer is already there; only the history's place may need moving.
            if (historyRev && (current.historyRev ?? 0) < historyRev) await this.c.latest.updateOne({ _id: doc.itemId }, { $max: { historyRev } });
            return;
          }
          continue; // it changed under us: try again
        }
        try {
          await this.c.latest.insertOne({ _id: doc.itemId, key, update: pack(doc), ...(historyRev ? { historyRev } : {}) });
          return;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // someone created it first: try again
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
  scheduleCheck(itemId: string): void {
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
    const current = await guard('reading the current status', () => this.c.latest.findOne({ _id: itemId }, { projection: { key: 1 } }));
    if (!current || current.key < own) await this.repairLatest(itemId);
  }

  /** Remembers the newest update this process has written (or finished) for its item. */
  noteOwn(doc: UpdateDoc): void {
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
        if (!(await answersPing(this.db, 500))) throw new StoreUnavailableError(`${what}: the database does not answer; left for the next check`);
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

  /** A projection read older than this process's own last write for an item gets a check. */
  checkAgainstOwn(docs: readonly LatestDoc[], itemIds?: readonly string[]): void {
    const read = new Map(docs.map((d) => [d._id, d.key]));
    for (const [itemId, own] of this.ownNewest) {
      if (itemIds && !itemIds.includes(itemId)) continue;
      if ((read.get(itemId) ?? '') < own) this.scheduleCheck(itemId);
    }
  }
}

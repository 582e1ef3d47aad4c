// The per-item history projection (item_history): each item's newest updates in
// one small document. `history` used to query the whole update log on FerretDB
// 1.x, which filters every stored update in Go (measured: 2.9 s for 25 of 1,750
// updates on the loaded CI machine), so under load look-ups queued past the
// socket timeout and were reported as an outage.
//
// A look-up by `_id` is an index search (the embedded launcher adds the index
// FerretDB 1.24 forgot: docs/decisions/0012-id-lookup-index.md); any other
// filter is applied by FerretDB to every stored document. The table is still
// kept small — a few versions per item, old ones removed in the background —
// since each version holds an item's 25 newest updates.
//
// Kept exactly in step with the log, also with several instances writing:
// - an entry is added only after the log has acknowledged its update;
// - each write inserts a new version, `${itemId}#${rev + 1}`, holding the
//   previous version's entries and the new ones. An insert claims its `_id`
//   atomically (FerretDB applies a conditional update non-atomically, so a
//   compare-and-replace would let two writers overwrite each other; a test
//   caught exactly that). A writer that loses the claim merges into the
//   winner's version and claims the next. No entry is dropped but by age.
// - the item's current-status document (latest_status) says which version is
//   the newest (`historyRev`, moved in the same write as the current status).
//   Readers read that version and then forward, by `_id`, to the first free
//   number: the pointer can lag, since FerretDB applies an update as a read and a
//   write and a slower writer's can set it back (a three-instance test caught a
//   `history` answer missing an update that way; docs/decisions/0013). Writers claim the number after
//   the newest they found.
// - a version behind the current status (a write that stopped between the log
//   and here, or a pointer a race left behind) makes a look-up read the log
//   and have the history rebuilt from it; start-up rebuilds it too.
// - versions more than VERSIONS_KEPT below the newest are removed every few
//   seconds, by `_id`, a few per turn of the write queue (a delete by anything
//   else scans on FerretDB); at start, all of them in one command.
//   A writer claims above the pointer, so a removed number is not claimed
//   again unless the pointer lagged VERSIONS_KEPT versions behind.
import { MongoBulkWriteError, type Collection } from 'mongodb';
import { latestKey, type HistoryDoc, type StoredHistoryDoc, type UpdateDoc } from './collections.js';
import { packList, unpack } from './packed.js';
import { DUPLICATE_KEY, isDuplicateKey } from './mongo-errors.js';

/** A write to one item's history in progress. */
interface Plan {
  itemId: string;
  current: HistoryDoc | null;
  /** The number to claim when there is no version. */
  free: number;
  readLog: boolean;
  withLog: { entries: UpdateDoc[]; dropped: boolean };
  /** Nothing to add. */
  done: boolean;
}

/** Entries kept per item: what `history` shows. A longer or older request reads the log. */
export const HISTORY_KEEP = 25;
/** Versions kept per item (the newest and those just below it, for a pointer that lags). */
export const VERSIONS_KEPT = 3;
/** How far below an item's newest version the first sweep in a process looks. */
const SWEEP_WINDOW = 64;

const versionId = (itemId: string, rev: number) => `${itemId}#${rev}`;

/** A version as stored: its entries packed (packed.ts). */
const stored = (doc: HistoryDoc): StoredHistoryDoc => ({ ...doc, entries: packList(doc.entries) });

/** Updates newest first, by their keys (each key made once: a sort compares each update many times). */
function newestFirst(docs: Iterable<UpdateDoc>): UpdateDoc[] {
  const keyed = [...docs].map((doc) => ({ doc, key: latestKey(doc) }));
  keyed.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return keyed.map((k) => k.doc);
}

/** The union of two lists of updates, each once, newest first, at most HISTORY_KEEP; `dropped` when more were left out. */
export function mergeEntries(a: readonly UpdateDoc[], b: readonly UpdateDoc[]): { entries: UpdateDoc[]; dropped: boolean } {
  const byId = new Map<string, UpdateDoc>();
  for (const d of [...a, ...b]) byId.set(d._id.toHexString(), d);
  const all = newestFirst(byId.values());
  return { entries: all.slice(0, HISTORY_KEEP), dropped: all.length > HISTORY_KEEP };
}

/** True when `doc` is in `h`, or too old to belong in a full version. */
function covered(h: HistoryDoc, doc: UpdateDoc): boolean {
  if (h.entries.some((e) => e._id.equals(doc._id))) return true;
  const oldest = h.entries[h.entries.length - 1];
  return h.entries.length >= HISTORY_KEEP && oldest !== undefined && latestKey(doc) < latestKey(oldest);
}

export class HistoryProjection {
  /** Per item, the tail of this process's writes to it: one at a time, so claims race only across instances. */
  private readonly itemTails = new Map<string, Promise<unknown>>();
  /** Per item, the newest version this process has written or read (versions only grow, so it is never wrong, only old). */
  private readonly known = new Map<string, HistoryDoc>();

  constructor(
    private readonly versions: Collection<StoredHistoryDoc>,
    private readonly updates: Collection<UpdateDoc>,
  ) {}

  /** One version, by `_id` (an index search), its entries unpacked. */
  private async read(itemId: string, rev: number): Promise<HistoryDoc | null> {
    const doc = await this.versions.findOne({ _id: versionId(itemId, rev) });
    return doc && { ...doc, entries: unpack(doc.entries) };
  }

  /** Items this process wrote a version of since old versions were last removed. */
  private readonly written = new Set<string>();

  private remember(doc: HistoryDoc | null): HistoryDoc | null {
    if (doc && doc.rev > (this.known.get(doc.itemId)?.rev ?? 0)) this.known.set(doc.itemId, doc);
    return doc;
  }

  /**
   * The item's newest version: the one the current status points at (`hint`), or the newest this
   * process wrote when that is newer. Null when there is none (or the pointed-at one is gone).
   */
  async newest(itemId: string, hint: number): Promise<HistoryDoc | null> {
    const known = this.known.get(itemId);
    let doc = known && known.rev >= hint ? known : hint < 1 ? null : this.remember(await this.read(itemId, hint));
    // The pointer can be behind versions already written: FerretDB applies an update as a read and
    // a write, so a slower writer's update can set it back. Read forward, by _id, to the first free
    // number (one index search when the pointer is right).
    for (let rev = (doc?.rev ?? Math.max(hint, 0)) + 1; ; rev++) {
      const next = await this.read(itemId, rev);
      if (!next) return doc;
      doc = this.remember(next);
    }
  }

  /** The item's newest updates straight from the log (at most HISTORY_KEEP + 1: enough to tell whether there are more). */
  private fromLog(itemId: string): Promise<UpdateDoc[]> {
    return this.updates.find({ itemId }).sort({ at: -1, _id: -1 }).limit(HISTORY_KEEP + 1).toArray();
  }

  /**
   * Adds updates of one item, already in the log, as a new version; resolves with the item's
   * newest version number. Usually two reads and one insert. A first version is built from the
   * log (the item's first update, or a database from before this projection). `fromLog`: merge
   * the log's newest in as well (repair). `hint`: the current status's `historyRev`.
   */
  add(itemId: string, docs: readonly UpdateDoc[], hint: () => Promise<number>, options: { fromLog?: true | readonly UpdateDoc[] } = {}): Promise<number> {
    return this.inTurn([itemId], () => this.addNow(itemId, docs, hint, options));
  }

  /**
   * A batch's updates, by item, as one new version per item — all inserted in one command (group
   * commit); an item whose version number another instance claimed first goes on alone. Resolves
   * with each item's newest version number.
   */
  addAll(byItem: ReadonlyMap<string, readonly UpdateDoc[]>, hint: (itemId: string) => () => Promise<number>): Promise<Map<string, number>> {
    return this.inTurn([...byItem.keys()], async () => {
      const plans = await Promise.all([...byItem].map(async ([itemId, docs]) => this.plan(itemId, docs, hint(itemId), {})));
      const revs = new Map<string, number>();
      const toInsert: { plan: Plan; doc: HistoryDoc }[] = [];
      for (const plan of plans) {
        const next = this.nextVersion(plan);
        if (typeof next === 'number') revs.set(plan.itemId, next);
        else toInsert.push({ plan, doc: next });
      }
      const lost = new Set<number>();
      if (toInsert.length) {
        try {
          await this.versions.insertMany(toInsert.map((t) => stored(t.doc)), { ordered: false });
        } catch (err) {
          const writeErrors = err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
          // Anything but lost claims leaves the batch unknown: the caller reports it, checks repair it.
          if (!writeErrors.length || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
          for (const e of writeErrors) lost.add(e.index);
        }
      }
      for (const [i, { plan, doc }] of toInsert.entries()) {
        if (!lost.has(i)) {
          this.remember(doc);
          this.written.add(plan.itemId);
          revs.set(plan.itemId, doc.rev);
          continue;
        }
        await this.lostClaim(plan, doc.rev);
        revs.set(plan.itemId, await this.claim(plan));
      }
      for (const plan of plans) this.notePrevious(plan, byItem.get(plan.itemId) ?? []);
      return revs;
    });
  }

  /** Runs `work` after this process's earlier writes to any of `itemIds`, so claims race only across instances. */
  private inTurn<T>(itemIds: readonly string[], work: () => Promise<T>): Promise<T> {
    const run = Promise.all(itemIds.map((id) => this.itemTails.get(id))).then(work);
    const tail = run.catch(() => undefined);
    for (const id of itemIds) this.itemTails.set(id, tail);
    void tail.then(() => {
      for (const id of itemIds) if (this.itemTails.get(id) === tail) this.itemTails.delete(id);
    });
    return run;
  }

  private async addNow(itemId: string, docs: readonly UpdateDoc[], hint: () => Promise<number>, options: { fromLog?: true | readonly UpdateDoc[] }): Promise<number> {
    return this.claim(await this.plan(itemId, docs, hint, options));
  }

  /** What a write to one item starts from: its newest version and the entries to add. */
  private async plan(itemId: string, docs: readonly UpdateDoc[], hint: () => Promise<number>, options: { fromLog?: true | readonly UpdateDoc[] }): Promise<Plan> {
    // From the pointer, or the newest version this process knows when that is newer (never below
    // the pointer: numbers below it may have been removed); the insert finds out if there is a newer one.
    const from = await hint();
    // A writer starts from the newest version this process knows when the pointer is not past it,
    // without reading forward: a newer version (another instance's) makes the claim fail, and the
    // lost claim merges into it (lostClaim). One read fewer per write; readers still read forward.
    const known = options.fromLog ? undefined : this.known.get(itemId);
    const current = known && known.rev >= from ? known : await this.newest(itemId, from);
    if (current && !options.fromLog && docs.every((d) => covered(current, d))) return { itemId, current, free: 0, readLog: false, withLog: { entries: [], dropped: false }, done: true };
    const readLog = !current || options.fromLog !== undefined;
    // The item's newest from the log: read here, or handed in (start-up reads the whole log once).
    const logged = !readLog ? [] : Array.isArray(options.fromLog) ? (options.fromLog as readonly UpdateDoc[]) : await this.fromLog(itemId);
    // Never claim at or below the pointer: those numbers are taken (or removed, and so not to be reused).
    return { itemId, current, free: from + 1, readLog, withLog: mergeEntries(logged, docs), done: false };
  }

  /** The version to claim next, or the newest number when there is nothing to add. */
  private nextVersion(plan: Plan): HistoryDoc | number {
    const { itemId, current, withLog, readLog } = plan;
    if (plan.done) return current?.rev ?? 0;
    const merged = mergeEntries(current?.entries ?? [], withLog.entries);
    const first = merged.entries[0];
    if (!first) return current?.rev ?? 0; // nothing to record
    // Complete while nothing was ever left out: everything from the log, or kept so far.
    const complete = !withLog.dropped && !merged.dropped && (readLog || (current?.complete ?? true));
    const same = current && current.complete === complete && current.entries.length === merged.entries.length
      && current.entries.every((e, i) => e._id.equals(merged.entries[i]!._id));
    if (same) return current.rev; // a repair that found nothing missing
    const rev = Math.max(current ? current.rev + 1 : 1, plan.free);
    return { _id: versionId(itemId, rev), itemId, rev, key: latestKey(first), entries: merged.entries, complete };
  }

  /** Per update just written (by id), the one before it in its item's history (null: none), until recordUpdate takes it. */
  private readonly before = new Map<string, UpdateDoc | null>();

  /**
   * Notes, for each of an item's updates in a batch, the update before it: from the version it
   * was merged into and the batch itself (a batch may hold more of one item's updates than a
   * version keeps). Unknown when the update is older than all of them and older ones were left out.
   */
  private notePrevious(plan: Plan, docs: readonly UpdateDoc[]): void {
    const byId = new Map<string, UpdateDoc>();
    for (const d of [...(plan.current?.entries ?? []), ...plan.withLog.entries, ...docs]) byId.set(d._id.toHexString(), d);
    const all = newestFirst(byId.values());
    const whole = (plan.current ? plan.current.complete : true) && !plan.withLog.dropped;
    for (const doc of docs) {
      const i = all.findIndex((d) => d._id.equals(doc._id));
      const previous = all[i + 1] ?? (whole ? null : undefined);
      if (previous !== undefined) this.before.set(doc._id.toHexString(), previous);
    }
    // Taken at once by the writer waiting for the batch; a bound in case one never is.
    for (const id of this.before.keys()) {
      if (this.before.size <= 10_000) break;
      this.before.delete(id);
    }
  }

  /**
   * The update just before `doc` in its item's history, as noted when its batch was written: null
   * when `doc` is the item's first, undefined when that cannot be told without reading (it was
   * not written here, or it is older than every update the version and its batch held).
   */
  previousOf(doc: UpdateDoc): UpdateDoc | null | undefined {
    const id = doc._id.toHexString();
    const previous = this.before.get(id);
    this.before.delete(id);
    return previous;
  }

  /** Another writer (another instance) claimed `rev`: start again from the newest. */
  private async lostClaim(plan: Plan, rev: number): Promise<void> {
    // The winner's version (it exists: the claim just failed on it): merge into it, claim the next.
    const winner = this.remember(await this.read(plan.itemId, rev));
    if (winner) plan.current = winner;
    plan.free = rev + 1;
  }

  /** Claims the next version by insert until one is ours. */
  private async claim(plan: Plan): Promise<number> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const next = this.nextVersion(plan);
      if (typeof next === 'number') return next;
      try {
        await this.versions.insertOne(stored(next));
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await this.lostClaim(plan, next.rev);
        continue;
      }
      this.remember(next);
      this.written.add(plan.itemId);
      return next.rev;
    }
    throw new Error(`item history ${plan.itemId}: other writers kept claiming the next version`);
  }

  /**
   * Removes versions more than VERSIONS_KEPT below `newest` (by item), in one command: one scan
   * on FerretDB however many items. At start-up with the current statuses' pointers, and every
   * few seconds for the items this process wrote (removeOwnOld).
   */
  async removeOld(newest: ReadonlyMap<string, number>): Promise<number> {
    const old = [...newest].filter(([, rev]) => rev > VERSIONS_KEPT).map(([itemId, rev]) => ({ itemId, rev: { $lte: rev - VERSIONS_KEPT } }));
    if (!old.length) return 0;
    return (await this.versions.deleteMany({ $or: old })).deletedCount;
  }

  /** Per item, the lowest version number this process has not yet removed (below it, all are gone). */
  private readonly removedBelow = new Map<string, number>();

  /**
   * The `_id`s of the old versions of the items this process wrote since the last call, to be
   * removed by `_id` (removeVersions). The first time an item is swept, SWEEP_WINDOW numbers below
   * its newest are taken; anything older was removed by the start-up sweep (removeOld).
   */
  takeOwnOld(): string[] {
    const ids: string[] = [];
    for (const itemId of this.written) {
      const highest = (this.known.get(itemId)?.rev ?? 0) - VERSIONS_KEPT;
      const lowest = Math.max(1, this.removedBelow.get(itemId) ?? highest - SWEEP_WINDOW + 1);
      for (let rev = lowest; rev <= highest; rev++) ids.push(versionId(itemId, rev));
      if (highest >= lowest) this.removedBelow.set(itemId, highest + 1);
    }
    this.written.clear();
    return ids;
  }

  /**
   * Removes versions by `_id`: an index search each on FerretDB (with the launcher's id-lookup
   * index), where a filter on anything else scans the table. Each is its own SQLite commit there,
   * so callers pass a few at a time rather than hold the write queue for hundreds.
   */
  async removeVersions(ids: readonly string[]): Promise<number> {
    if (!ids.length) return 0;
    const removed = await this.versions.bulkWrite(
      ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
      { ordered: false },
    );
    return removed.deletedCount;
  }

  /** Whether this process wrote versions whose old ones are still to be removed. */
  hasOwnOld(): boolean {
    return this.written.size > 0;
  }
}

/**
 * The item's updates, newest first, at most `limit`, at or before `asOf` — from its newest
 * history version, when that can answer: it is at least as new as `atLeast` (the current-status
 * projection's key, or this process's own newest write) and holds enough entries. Otherwise
 * undefined: read the log.
 */
export function answerFromHistory(doc: HistoryDoc | null, options: { atLeast: string; limit: number; asOf?: Date }): UpdateDoc[] | undefined {
  if (!doc || doc.key < options.atLeast || options.limit <= 0) return undefined;
  const entries = options.asOf ? doc.entries.filter((e) => e.at <= options.asOf!) : doc.entries;
  if (entries.length >= options.limit) return entries.slice(0, options.limit);
  return doc.complete ? entries : undefined;
}

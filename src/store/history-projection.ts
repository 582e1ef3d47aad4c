// The per-item history projection (item_history): each item's newest updates in
// one document, read by `_id`. `history` used to scan the whole update log on
// FerretDB 1.x (its SQLite backend uses an index only for `_id` look-ups): about
// 50 µs per stored update, which under load queued behind other work until
// look-ups timed out and were reported as an outage.
//
// Kept exactly in step with the log, also with several instances writing:
// - an entry is added only after the log has acknowledged its update;
// - each write inserts a new version, `${itemId}#${rev + 1}`, holding the
//   previous version's entries and the new ones. An insert claims its `_id`
//   atomically (FerretDB applies a conditional update non-atomically, so a
//   compare-and-replace would let two writers overwrite each other; a test
//   caught exactly that). A writer that loses the claim merges into the
//   winner's version and claims the next. No entry is ever dropped but by age.
// - the item's current-status document (latest_status) says where the newest
//   version is (`historyRev`, moved in the same write as the current status);
//   it may lag, so readers and writers read forward from it. Each process also
//   remembers the newest version it has seen per item, so that a write is
//   usually two reads by `_id` and one insert.
// - a version missing updates the log has (a write that stopped between the log
//   and here) is behind the current status: look-ups then read the log and have
//   the history rebuilt from it; start-up rebuilds it too.
// - old versions are removed at start-up, one command for all items, keeping
//   VERSIONS_KEPT behind the pointer. Not after each write: on FerretDB 1.x an
//   update or delete scans the whole collection (only reads by `_id` use an
//   index), and item_history is the largest one. Writers always start from the
//   pointer, so a removed number below it is never claimed again.
import type { Collection } from 'mongodb';
import { latestKey, type HistoryDoc, type UpdateDoc } from './collections.js';
import { isDuplicateKey } from './mongo-errors.js';

/** Entries kept per item; `history` shows 25. A longer or older request reads the log. */
export const HISTORY_KEEP = 30;
/** Versions kept per item by the start-up clean-up, below the current status's pointer. */
export const VERSIONS_KEPT = 8;

const versionId = (itemId: string, rev: number) => `${itemId}#${rev}`;

const newestFirst = (a: UpdateDoc, b: UpdateDoc) => (latestKey(a) < latestKey(b) ? 1 : latestKey(a) > latestKey(b) ? -1 : 0);

/** The union of two lists of updates, each once, newest first, at most HISTORY_KEEP; `dropped` when more were left out. */
export function mergeEntries(a: readonly UpdateDoc[], b: readonly UpdateDoc[]): { entries: UpdateDoc[]; dropped: boolean } {
  const byId = new Map<string, UpdateDoc>();
  for (const d of [...a, ...b]) byId.set(d._id.toHexString(), d);
  const all = [...byId.values()].sort(newestFirst);
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
    private readonly versions: Collection<HistoryDoc>,
    private readonly updates: Collection<UpdateDoc>,
  ) {}

  private remember(doc: HistoryDoc | null): HistoryDoc | null {
    if (doc && doc.rev > (this.known.get(doc.itemId)?.rev ?? 0)) this.known.set(doc.itemId, doc);
    return doc;
  }

  /**
   * The item's newest version, or null when it has none: read forward by `_id` from `hint` (the
   * current status's `historyRev`) or from the newest this process knows, whichever is newer.
   */
  async newest(itemId: string, hint = 0): Promise<HistoryDoc | null> {
    const known = this.known.get(itemId);
    if (known && known.rev >= hint) return this.remember(await this.forwardFrom(itemId, known.rev + 1, known));
    return this.remember(await this.forwardFrom(itemId, hint));
  }

  /** Reads versions from `rev` on until a number is free; the last one found (or `found`, when none is newer). */
  private async forwardFrom(itemId: string, rev: number, found: HistoryDoc | null = null): Promise<HistoryDoc | null> {
    for (let r = Math.max(rev, 1); ; r++) {
      const doc = await this.versions.findOne({ _id: versionId(itemId, r) });
      if (!doc) return found;
      found = doc;
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
    const run = (this.itemTails.get(itemId) ?? Promise.resolve()).then(() => this.addNow(itemId, docs, hint, options));
    const tail = run.catch(() => undefined);
    this.itemTails.set(itemId, tail);
    void tail.then(() => {
      if (this.itemTails.get(itemId) === tail) this.itemTails.delete(itemId);
    });
    return run;
  }

  private async addNow(itemId: string, docs: readonly UpdateDoc[], hint: () => Promise<number>, options: { fromLog?: true | readonly UpdateDoc[] }): Promise<number> {
    // From the pointer, or the newest version this process knows when that is newer (never below
    // the pointer: numbers below it may have been removed); the insert finds out if there is a newer one.
    const from = await hint();
    let current = await this.newest(itemId, from);
    // Where to claim when there is no version: the pointer's number is free (the history was removed).
    let free = Math.max(from, 1);
    if (current && !options.fromLog && docs.every((d) => covered(current!, d))) return current.rev;
    const readLog = !current || options.fromLog !== undefined;
    // The item's newest from the log: read here, or handed in (start-up reads the whole log once).
    const logged = !readLog ? [] : Array.isArray(options.fromLog) ? (options.fromLog as readonly UpdateDoc[]) : await this.fromLog(itemId);
    const withLog = mergeEntries(logged, docs);
    for (let attempt = 0; attempt < 20; attempt++) {
      const merged = mergeEntries(current?.entries ?? [], withLog.entries);
      const first = merged.entries[0];
      if (!first) return current?.rev ?? 0; // nothing to record
      // Complete while nothing was ever left out: everything from the log, or kept so far.
      const complete = !withLog.dropped && !merged.dropped && (readLog || (current?.complete ?? true));
      const same = current && current.complete === complete && current.entries.length === merged.entries.length
        && current.entries.every((e, i) => e._id.equals(merged.entries[i]!._id));
      if (same) return current!.rev; // a repair that found nothing missing
      const rev = current ? current.rev + 1 : free;
      const next: HistoryDoc = { _id: versionId(itemId, rev), itemId, rev, key: latestKey(first), entries: merged.entries, complete };
      try {
        await this.versions.insertOne(next);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another writer (another instance) claimed this version: merge into the newest and claim the next.
        current = this.remember(await this.forwardFrom(itemId, rev));
        free = rev + 1; // when every version from `rev` on is emptied
        continue;
      }
      this.remember(next);
      return rev;
    }
    throw new Error(`item history ${itemId}: other writers kept claiming the next version`);
  }

  /**
   * Removes old versions of every item: those more than VERSIONS_KEPT below the current status's
   * pointer. One delete (one scan on FerretDB), run at start-up.
   */
  async removeOld(pointers: ReadonlyMap<string, number>): Promise<number> {
    const old = [...pointers].filter(([, rev]) => rev > VERSIONS_KEPT).map(([itemId, rev]) => ({ itemId, rev: { $lte: rev - VERSIONS_KEPT } }));
    if (!old.length) return 0;
    return (await this.versions.deleteMany({ $or: old })).deletedCount;
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

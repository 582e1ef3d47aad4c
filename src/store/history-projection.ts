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
// - item_history_heads says where the newest version is; it may lag (it is
//   moved after the insert, non-atomically), so look-ups read forward from it.
// - a version missing updates the log has (a write that stopped between the log
//   and here) is behind the current-status projection: look-ups then read the
//   log and have the history rebuilt from it; start-up rebuilds it too.
import type { Collection } from 'mongodb';
import { latestKey, type HistoryDoc, type HistoryHeadDoc, type UpdateDoc } from './collections.js';
import { isDuplicateKey } from './mongo-errors.js';

/** Entries kept per item; `history` shows 25. A longer or older request reads the log. */
export const HISTORY_KEEP = 50;
/** Versions kept per item: enough that one a look-up's lagging head points at is still there. */
const VERSIONS_KEPT = 8;

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
  private readonly itemTails = new Map<string, Promise<void>>();

  constructor(
    private readonly versions: Collection<HistoryDoc>,
    private readonly heads: Collection<HistoryHeadDoc>,
    private readonly updates: Collection<UpdateDoc>,
  ) {}

  /** The item's newest version, or null when it has none: the head, then reads forward by `_id`. */
  async newest(itemId: string): Promise<HistoryDoc | null> {
    const head = await this.heads.findOne({ _id: itemId });
    return this.forwardFrom(itemId, head?.rev ?? 0);
  }

  /** Reads versions from `rev` on until one is missing; the last one found. */
  private async forwardFrom(itemId: string, rev: number): Promise<HistoryDoc | null> {
    let found: HistoryDoc | null = null;
    // Without a head, versions start at 1. With one, the version it names may have been deleted
    // (a head left far behind): skip ahead a few before giving up.
    let missesAllowed = rev > 0 ? VERSIONS_KEPT : 1;
    for (let r = Math.max(rev, 1); missesAllowed > 0; r++) {
      const doc = await this.versions.findOne({ _id: versionId(itemId, r) });
      if (doc) {
        found = doc;
        missesAllowed = 1;
      } else {
        missesAllowed--;
      }
    }
    return found;
  }

  /** The item's newest updates straight from the log (at most HISTORY_KEEP + 1: enough to tell whether there are more). */
  private fromLog(itemId: string): Promise<UpdateDoc[]> {
    return this.updates.find({ itemId }).sort({ at: -1, _id: -1 }).limit(HISTORY_KEEP + 1).toArray();
  }

  /**
   * Adds updates of one item, already in the log, as a new version. A first version is built
   * from the log (the item's first update, or a database from before this projection).
   * `fromLog`: merge the log's newest in as well (repair).
   */
  add(itemId: string, docs: readonly UpdateDoc[], options: { fromLog?: boolean } = {}): Promise<void> {
    const run = (this.itemTails.get(itemId) ?? Promise.resolve()).then(() => this.addNow(itemId, docs, options));
    const tail = run.catch(() => undefined);
    this.itemTails.set(itemId, tail);
    void tail.then(() => {
      if (this.itemTails.get(itemId) === tail) this.itemTails.delete(itemId);
    });
    return run;
  }

  private async addNow(itemId: string, docs: readonly UpdateDoc[], options: { fromLog?: boolean }): Promise<void> {
    let current = await this.newest(itemId);
    if (current && !options.fromLog && docs.every((d) => covered(current!, d))) return;
    const readLog = !current || (options.fromLog ?? false);
    const logged = readLog ? await this.fromLog(itemId) : [];
    const withLog = mergeEntries(logged, docs);
    for (let attempt = 0; attempt < 20; attempt++) {
      const merged = mergeEntries(current?.entries ?? [], withLog.entries);
      const first = merged.entries[0];
      if (!first) return; // nothing to record
      // Complete while nothing was ever left out: everything from the log, or kept so far.
      const complete = !withLog.dropped && !merged.dropped && (readLog || (current?.complete ?? true));
      const rev = (current?.rev ?? 0) + 1;
      try {
        await this.versions.insertOne({ _id: versionId(itemId, rev), itemId, rev, key: latestKey(first), entries: merged.entries, complete });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another writer claimed this version: merge into the newest one and claim the next.
        current = await this.forwardFrom(itemId, rev);
        continue;
      }
      await this.moveHead(itemId, rev);
      if (rev > VERSIONS_KEPT) await this.versions.deleteOne({ _id: versionId(itemId, rev - VERSIONS_KEPT) });
      return;
    }
    throw new Error(`item history ${itemId}: other writers kept claiming the next version`);
  }

  private async moveHead(itemId: string, rev: number): Promise<void> {
    try {
      await this.heads.updateOne({ _id: itemId }, { $max: { rev } }, { upsert: true });
    } catch (err) {
      // Two first versions' heads created at once: the other one is there, and look-ups read forward from it.
      if (!isDuplicateKey(err)) throw err;
    }
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

// Every item's recent updates (the board, digests, `changes`) without reading
// the whole update log each time. On FerretDB 1.x a query on anything but `_id`
// filters every stored update: about a second at 10,000 updates.
//
// Kept per process, but never trusted blindly: each call first reads every
// item's current-status document (one small read, shared with currentStatuses)
// and compares its stamp — the newest update's key and the history version's
// number — with what the kept list was read at. Any write to an item, from any
// instance, moves one of the two (a write always adds a history version), so an
// item another instance wrote is read again: its newest updates by `_id`
// (item_history), joined to what was kept where they overlap, or, where they do
// not (more updates since than a history version holds), from the log.
import type { StatusUpdate } from '../core/store-port.js';

/** Where an item's updates stand (its newest update's key, its newest history version): changes with every write to the item. */
export interface ItemStamp {
  key: string;
  historyRev: number;
}

const same = (a: ItemStamp | undefined, b: ItemStamp) => a !== undefined && a.key === b.key && a.historyRev === b.historyRev;

export interface RecentHistorySource {
  /** Every item's stamp, from the current-status documents. */
  stamps(): Promise<Map<string, ItemStamp>>;
  /** Every item's newest `perItem` updates at or before `asOf`, newest first: one pass over the log. */
  allFromLog(asOf: Date, perItem: number): Promise<Map<string, StatusUpdate[]>>;
  /** One item's newest `limit` updates at or before `asOf` (if given), newest first; from `stamp` when given (just read), without reading it again. */
  item(itemId: string, limit: number, asOf?: Date, stamp?: ItemStamp): Promise<StatusUpdate[]>;
  /** How many updates an item's newest history version holds (what `item` answers from an `_id` read). */
  readonly byIdLimit: number;
}

interface Kept {
  stamp: ItemStamp;
  /** Newest first, at most `depth`. */
  updates: StatusUpdate[];
  /** Every update the item has is here. */
  complete: boolean;
}

export class RecentHistories {
  private kept = new Map<string, Kept>();
  /** How many updates per item were asked for when the lists were filled. */
  private depth = 0;
  private filling: Promise<void> | undefined;

  constructor(private readonly source: RecentHistorySource) {}

  async read(asOf: Date, perItem: number): Promise<Map<string, StatusUpdate[]>> {
    const stamps = await this.source.stamps();
    if (perItem > this.depth) {
      // One pass at a time: calls that arrive meanwhile wait for it rather than read the log too.
      this.filling ??= this.fill(stamps, perItem).finally(() => {
        this.filling = undefined;
      });
      await this.filling;
    }
    else await Promise.all([...stamps].filter(([id, stamp]) => !same(this.kept.get(id)?.stamp, stamp)).map(([id, stamp]) => this.refresh(id, stamp)));

    const out = new Map<string, StatusUpdate[]>();
    await Promise.all(
      [...this.kept].map(async ([itemId, kept]) => {
        const upTo = kept.updates.filter((u) => u.at.getTime() <= asOf.getTime());
        // Kept lists answer when they reach far enough back for this request.
        const enough = upTo.length >= perItem || kept.complete;
        const updates = enough ? upTo.slice(0, perItem) : await this.source.item(itemId, perItem, asOf);
        if (updates.length) out.set(itemId, updates);
      }),
    );
    return out;
  }

  /** Reads every item's lists from the log in one pass (the first call, or a deeper request). */
  private async fill(stamps: Map<string, ItemStamp>, perItem: number): Promise<void> {
    // Stamps were read before the log: a write in between leaves a stamp older than the list, so
    // the next call reads that item again (never the other way round).
    const all = await this.source.allFromLog(new Date(8.64e15), perItem);
    const kept = new Map<string, Kept>();
    for (const [itemId, updates] of all) {
      kept.set(itemId, { stamp: stamps.get(itemId) ?? { key: '', historyRev: 0 }, updates, complete: updates.length < perItem });
    }
    this.kept = kept;
    this.depth = perItem;
  }

  /** Reads one item again after a write to it: its newest updates, joined to the kept ones where they overlap. */
  private async refresh(itemId: string, stamp: ItemStamp): Promise<void> {
    const kept = this.kept.get(itemId);
    // From the stamp just read (the current status and where its history is): no second read of it.
    const newest = await this.source.item(itemId, this.source.byIdLimit, undefined, stamp);
    let updates: StatusUpdate[];
    let complete: boolean;
    if (newest.length < this.source.byIdLimit) {
      updates = newest; // all the item has
      complete = true;
    } else {
      const oldest = newest.at(-1)!;
      const overlap = kept ? kept.updates.findIndex((u) => u.id === oldest.id) : -1;
      if (kept && overlap >= 0) {
        updates = [...newest, ...kept.updates.slice(overlap + 1)].slice(0, this.depth);
        complete = kept.complete && updates.length < this.depth;
      } else {
        updates = await this.source.item(itemId, this.depth);
        complete = updates.length < this.depth;
      }
    }
    this.kept.set(itemId, { stamp, updates, complete });
  }
}

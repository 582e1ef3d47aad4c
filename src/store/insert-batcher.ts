// Inserts that wait in the write queue together go to the server together:
// one insertMany (unordered) instead of one insert each. On FerretDB, where
// this process writes one at a time, that is many times faster than one insert
// each (figures in docs/decisions/0002). Each caller still learns its own document's
// outcome: inserted, a duplicate key (a retried request), or the error.
// With a queue that runs writes at once (real MongoDB) every batch is one.
//
// When a batch was sent and no answer came (the connection dropped, the server
// stopped), the server may have made it. Then the same documents are sent again
// for a few seconds: one that is already there (found by its own _id) was
// inserted, one that goes in now is inserted, and if the database does not
// answer in time each caller gets StoreUnconfirmedError — never "not saved"
// for a write that may have been made.
import { MongoBulkWriteError, MongoServerError, type Collection, type Filter, type OptionalUnlessRequiredId } from 'mongodb';
import { StoreUnconfirmedError } from '../core/store-port.js';
import { DUPLICATE_KEY, isDuplicateKey, neverSent } from './mongo-errors.js';
import { within } from './time-limit.js';
import type { WriteQueue } from './write-queue.js';

interface Waiting<D> {
  doc: D;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface InsertBatcherOptions<D, A> {
  maxBatch?: number;
  /** How long to keep asking after a batch went unanswered, and how often. */
  confirmWithinMs?: number;
  confirmEveryMs?: number;
  /** Told the size of each batch sent (metrics). */
  onBatch?: (size: number) => void;
  /**
   * Started with each batch's insert, beside it: reads the step after the insert needs, so a
   * person waiting sees one round trip for both. Its result is handed to afterInsert.
   */
  alongside?: (docs: readonly D[]) => A;
}

export class InsertBatcher<D extends { _id: unknown }, A = undefined> {
  private waiting: Waiting<D>[] = [];
  private flushQueued = false;
  private readonly maxBatch: number;
  private readonly confirmWithinMs: number;
  private readonly confirmEveryMs: number;
  private readonly onBatch: (size: number) => void;
  private readonly alongside: ((docs: readonly D[]) => A) | undefined;

  /**
   * `afterInsert` runs in the same queue turn with the documents that were inserted, before
   * their callers hear so; it must not throw (it reports its own failures).
   */
  constructor(
    private readonly collection: Collection<D>,
    private readonly writes: WriteQueue,
    private readonly afterInsert: (inserted: D[], alongside: A | undefined) => Promise<void>,
    options: InsertBatcherOptions<D, A> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 100;
    // Inside Teams' 15 s with the server-selection wait of the next batch on top.
    this.confirmWithinMs = options.confirmWithinMs ?? 5000;
    this.confirmEveryMs = options.confirmEveryMs ?? 500;
    this.onBatch = options.onBatch ?? (() => undefined);
    this.alongside = options.alongside;
  }

  /** Inserts waiting for their batch. */
  waitingCount(): number {
    return this.waiting.length;
  }

  /** Resolves once `doc` is inserted; rejects with its write error (e.g. duplicate key) or the batch's error. */
  insert(doc: D): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ doc, resolve, reject });
      this.queueFlush();
    });
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    let taken = false;
    // The batch is what waits when its turn comes.
    const take = () => {
      taken = true;
      this.flushQueued = false;
      const batch = this.waiting.splice(0, this.maxBatch);
      if (this.waiting.length) this.queueFlush();
      return batch;
    };
    void this.writes(async () => {
      const batch = take();
      // flush settles every caller itself; should it ever throw, nobody is left waiting.
      await this.flush(batch).catch((err: unknown) => batch.forEach((w) => w.reject(err)));
    }).catch((err: unknown) => {
      // The queue refused the turn without running it (the database is known away): unsent.
      if (!taken) for (const w of take()) w.reject(err);
    });
  }

  private async flush(batch: Waiting<D>[]): Promise<void> {
    if (!batch.length) return;
    this.onBatch(batch.length);
    const alongside = this.alongside?.(batch.map((w) => w.doc));
    let failed: Map<number, unknown>;
    try {
      failed = await this.insertAll(batch, false);
    } catch (err) {
      if (neverSent(err)) {
        for (const w of batch) w.reject(err); // certainly not written
        return;
      }
      const confirmed = await this.confirm(batch, err);
      if (!confirmed) return;
      failed = confirmed;
    }
    const inserted = batch.filter((_, i) => !failed.has(i));
    if (inserted.length) await this.afterInsert(inserted.map((w) => w.doc), alongside).catch(() => undefined);
    batch.forEach((w, i) => (failed.has(i) ? w.reject(failed.get(i)) : w.resolve()));
  }

  /**
   * One unordered insertMany; resolves with the documents that did not go in and why. Unordered:
   * every document without a write error of its own was inserted. Each failure is handed on as
   * the error a single insert would have thrown (a duplicate key stays one). `again`: these
   * documents were sent before, so a duplicate may be the document itself, already there.
   */
  private async insertAll(batch: Waiting<D>[], again: boolean, withinMs?: number): Promise<Map<number, unknown>> {
    const failed = new Map<number, unknown>();
    // A confirming try ends when the time to confirm does, its wait for a server included.
    const limit = withinMs === undefined ? {} : within(Math.max(1, withinMs));
    try {
      await this.collection.insertMany(batch.map((w) => w.doc as OptionalUnlessRequiredId<D>), { ordered: false, ...limit });
    } catch (err) {
      const writeErrors = err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
      // Only a duplicate key says for certain that a document is not in; any other error (FerretDB
      // can answer "context canceled" for a write it made) leaves the batch unconfirmed.
      if (!writeErrors.length || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
      for (const e of writeErrors) failed.set(e.index, new MongoServerError({ errmsg: e.errmsg ?? 'write error', code: e.code }));
    }
    if (again) {
      for (const [i, err] of [...failed]) {
        // Looked up by _id: on FerretDB the cheapest query (compared in SQLite, not filtered by FerretDB).
        if (isDuplicateKey(err) && (await this.collection.findOne({ _id: batch[i]!.doc._id } as Filter<D>, { projection: { _id: 1 }, ...limit }))) failed.delete(i);
      }
    }
    return failed;
  }

  /** Sends an unanswered batch again until the database answers or time is up (then every caller hears "unconfirmed"). */
  private async confirm(batch: Waiting<D>[], first: unknown): Promise<Map<number, unknown> | undefined> {
    const until = Date.now() + this.confirmWithinMs;
    let last = first;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, this.confirmEveryMs));
      try {
        return await this.insertAll(batch, true, until - Date.now());
      } catch (err) {
        last = err;
      }
    }
    const unconfirmed = new StoreUnconfirmedError(`saving ${batch.length} update(s): no answer from the database (${String((last as Error)?.message ?? last)})`, { cause: last });
    for (const w of batch) w.reject(unconfirmed);
    return undefined;
  }
}

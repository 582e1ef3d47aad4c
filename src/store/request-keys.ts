// Request keys: one small document per saved update, found by `_id` (an index
// search on FerretDB, where any other filter reads every stored update), so a
// request delivered again — a double submit, a Slack retry, a Teams re-send —
// learns what was saved without scanning the log.
//
// Written after the people waiting have been told "Saved", in a turn of the
// write queue of its own (all keys waiting then, in one insert): nobody needs
// them before that. The turn is queued one event-loop step later, so behind
// the audit entries of the same updates (appended once the store has them),
// and it sends once that step's answers are out. The log's unique index on the
// key is what makes an update exactly-once; these documents only find it fast.
// Until a key's document is written, this process answers from memory; when
// the write fails, or another instance asks first, the log is read once
// (MongoPlanStore.savedUnder), which writes the document then.
import type { Collection } from 'mongodb';
import type { RequestKeyDoc, UpdateDoc } from './collections.js';
import { DUPLICATE_KEY } from './mongo-errors.js';
import { pack, unpack } from './packed.js';
import type { WriteQueue } from './write-queue.js';
import { within } from './time-limit.js';

/** How long a key write may wait for a server: it holds the write queue, in front of people's updates. */
const WRITE_WITHIN_MS = 1000;

/** Resolves after the event loop's current step: what its callbacks started (promises, writes queued, answers sent) has gone first. */
const nextStep = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RequestKeys {
  /** Updates whose key documents are still to be written, by request key. */
  private readonly pending = new Map<string, UpdateDoc>();
  private queued: Promise<void> | undefined;

  constructor(
    private readonly collection: Collection<RequestKeyDoc>,
    private readonly writes: WriteQueue,
    private readonly options: { onError: (err: unknown) => void; onBatch: (size: number) => void },
  ) {}

  /** Queues the key documents of updates just saved: they go in after what their senders wait for. */
  later(docs: readonly UpdateDoc[]): void {
    for (const doc of docs) this.pending.set(doc.requestKey, doc);
    this.queued ??= nextStep()
      .then(() => this.writes(async () => {
        await nextStep();
        await this.writeWaiting();
      }))
      .catch((err: unknown) => {
        // The queue refused the turn (the database is known away): left to a read of the log.
        this.options.onError(err);
        this.forget([...this.pending.values()]);
      })
      .finally(() => {
        this.queued = undefined;
        if (this.pending.size) this.later([]);
      });
  }

  /** The update saved under `requestKey`: from memory while its document is being written, else one read by `_id`. */
  async find(requestKey: string): Promise<UpdateDoc | null> {
    const waiting = this.pending.get(requestKey);
    if (waiting) return waiting;
    const doc = await this.collection.findOne({ _id: requestKey });
    return doc && unpack(doc.update);
  }

  /** Resolves once no key document is waiting to be written (tests, a clean shutdown). */
  async settled(): Promise<void> {
    while (this.queued) await this.queued;
  }

  private async writeWaiting(): Promise<void> {
    const docs = [...this.pending.values()];
    if (!docs.length) return;
    this.options.onBatch(docs.length);
    try {
      await this.collection.insertMany(docs.map((update) => ({ _id: update.requestKey, update: pack(update) })), { ordered: false, ...within(WRITE_WITHIN_MS) });
    } catch (err) {
      // A key already there is the same update's (the log's unique index allows one per key).
      const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
      const dupsOnly = writeErrors !== undefined && [writeErrors].flat().every((e) => (e as { code?: number }).code === DUPLICATE_KEY);
      if (!dupsOnly) this.options.onError(err);
    } finally {
      this.forget(docs);
    }
  }

  /** Written, or left to a read of the log (savedUnder) should anyone deliver them again. */
  private forget(docs: readonly UpdateDoc[]): void {
    for (const doc of docs) if (this.pending.get(doc.requestKey) === doc) this.pending.delete(doc.requestKey);
  }
}

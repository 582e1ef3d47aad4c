// Where the audit chain ends, roughly: the first sequence number of a recent
// document, kept in a document of its own. An instance that has fallen far
// behind (idle while others appended) or has just started reads it by _id and
// walks forward from there, instead of sorting the whole log — which FerretDB
// does by reading every entry, so it grew with the log (decision 0017). It is
// only a hint: any document start is a correct place to walk from, so it is
// raised with $max, written after the append it follows (nobody waits for
// it), once per HINT_EVERY entries, and a missing or failed one costs the sort.
import type { Db } from 'mongodb';
import { guard } from '../store/mongo-errors.js';
import { within } from '../store/time-limit.js';
import type { WriteQueue } from '../store/write-queue.js';

export const AUDIT_HEAD = 'audit_head';
const HINT_ID = 'newest';
/** A document whose entries cross a multiple of this raises the hint. */
export const HINT_EVERY = 32;
/** The longest the write queue waits for the hint's write. */
const WRITE_WITHIN_MS = 1000;

interface HintDoc {
  _id: string;
  /** The first sequence number of a stored document. */
  first: number;
}

export class AuditHeadHint {
  constructor(private readonly db: Db, private readonly writes: WriteQueue) {}

  private get c() {
    return this.db.collection<HintDoc>(AUDIT_HEAD);
  }

  /** A stored document's first sequence number, recent as of the last hint written; undefined when none was. */
  async read(): Promise<number | undefined> {
    const doc = await guard('reading the audit log', () => this.c.findOne({ _id: HINT_ID }));
    return typeof doc?.first === 'number' ? doc.first : undefined;
  }

  /** After a document holding entries first..last was stored: raises the hint if it crossed a multiple of HINT_EVERY. */
  stored(first: number, last: number): void {
    if (Math.floor(last / HINT_EVERY) > Math.floor((first - 1) / HINT_EVERY)) this.raise(first);
  }

  /** Raises the hint to `first` (a stored document's first number) one event-loop step from now; failures only cost a later sort. */
  raise(first: number): void {
    setImmediate(() => {
      // It holds the write queue (one writer at a time on FerretDB): a second at most, even with the
      // database away. Raising a hint is harmless whenever it lands.
      void this.writes(() => this.c.updateOne({ _id: HINT_ID }, { $max: { first } }, { upsert: true, ...within(WRITE_WITHIN_MS) })).catch(() => undefined);
    });
  }
}

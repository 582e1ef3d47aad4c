// Until 2 Dec 2026 audit entries were stored under their sequence number as a
// number _id; they are now stored under the same number as a string, which
// FerretDB finds by index (docs/decisions/0017). A chain opened on a database
// written before moves those documents, unchanged but for their _id, before it
// reads or appends. Instances starting together each copy every old document
// (a copy already there must hold the same entries) and delete the originals
// only after their own copies are in, so whichever instance reads first sees
// the whole chain. Every instance must run this version or later: an older one
// still appending under number _ids would fork the chain.
import { MongoBulkWriteError, type Collection } from 'mongodb';
import { DUPLICATE_KEY, guard } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { auditId, entriesOf, type EntryDoc } from './audit-doc.js';

const BATCH = 200;

/** The audit log as stored: string _ids, and number ones until moved. */
export type StoredLog = Collection<EntryDoc<string | number>>;

/** Moves every entry stored under a number _id to its string _id; resolves with how many documents moved. */
export async function upgradeNumberIds(log: StoredLog, writes: WriteQueue, batchSize = BATCH): Promise<number> {
  const moved: number[] = [];
  const copyBatch = async (batch: EntryDoc<number>[]) => {
    const taken = await writes(() => guard('moving the audit log to string ids', () => copy(log, batch)));
    for (const [i, doc] of batch.entries()) {
      if (!taken.has(i)) {
        moved.push(doc._id);
        continue;
      }
      // Another instance copied it first; the original goes only if that copy holds the same entries.
      const there = await guard('reading the audit log', () => log.findOne({ _id: auditId(doc._id) }));
      if (there && hashes(there) === hashes(doc)) moved.push(doc._id);
    }
  };
  // Read a batch at a time (memory stays flat however long the log); deleted only after the whole pass.
  // 'number' matches every numeric type; the driver's types leave that alias out.
  const cursor = log.find({ _id: { $type: 'number' as 'double' } }, { batchSize }).sort({ _id: 1 });
  try {
    let batch: EntryDoc<number>[] = [];
    for (;;) {
      const doc = (await guard('reading the audit log', () => cursor.next())) as EntryDoc<number> | null;
      if (doc) batch.push(doc);
      if (batch.length && (!doc || batch.length === batchSize)) {
        await copyBatch(batch);
        batch = [];
      }
      if (!doc) break;
    }
  } finally {
    await cursor.close().catch(() => undefined);
  }
  // An original whose copy did not match stays where it is, for `audit verify` to show.
  for (let i = 0; i < moved.length; i += batchSize) {
    const ids = moved.slice(i, i + batchSize);
    await writes(() => guard('moving the audit log to string ids', () => log.deleteMany({ _id: { $in: ids } })));
  }
  return moved.length;
}

/** Inserts the copies; resolves with the positions whose string _id was taken already. */
async function copy(log: StoredLog, batch: EntryDoc<number>[]): Promise<Set<number>> {
  try {
    await log.insertMany(batch.map((doc) => ({ ...doc, _id: auditId(doc._id) })), { ordered: false });
    return new Set();
  } catch (err) {
    const writeErrors = err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
    if (!writeErrors.length || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
    return new Set(writeErrors.map((e) => e.index));
  }
}

function hashes(doc: EntryDoc<unknown>): string {
  return entriesOf(doc).map((e) => e.hash).join(',');
}

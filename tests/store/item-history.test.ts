// `history` and a request delivered again are answered by `_id` look-ups
// (item_history, request_keys), not by scanning the update log — on FerretDB
// 1.x a scan of a log that had grown under load queued until look-ups timed
// out. What they answer must still be exactly what the log says: also when
// three instances write the same items at once, when a history document is
// knocked back or missing, and for a database written before these existed.
import { MongoClient, ObjectId, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PlanStore } from '../../src/core/store-port.js';
import { COLLECTIONS, } from '../../src/store/collections.js';
import { HISTORY_KEEP, VERSIONS_KEPT } from '../../src/store/history-projection.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { FIRST_UPDATE_AT, freshDb, numberedUpdate } from './support/store-updates.js';
import { directWrites, serialWriteQueue } from '../../src/store/write-queue.js';

let client: MongoClient;
/** Finds sent to the update log since the last reset: what must stay zero for look-ups by `_id`. */
let logFinds: Record<string, unknown>[] = [];
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri'), { monitorCommands: true }).connect();
  client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'find' && e.command.find === COLLECTIONS.updates) logFinds.push(e.command.filter as Record<string, unknown>);
  });
});
afterAll(() => client.close());


/** The truth: the item's updates straight from the log, newest first. */
async function fromLog(db: Db, itemId: string, limit = 25): Promise<string[]> {
  const docs = await db.collection(COLLECTIONS.updates).find({ itemId }).sort({ at: -1, _id: -1 }).limit(limit).toArray();
  return docs.map((d) => d.note as string);
}

const notes = async (store: PlanStore, itemId: string, options: { asOf?: Date; limit?: number } = { limit: 25 }) =>
  (await store.history(itemId, options)).map((u) => u.note);

describe('history by _id', () => {
  it('answers from the history document, exactly as the log, when three instances write the same items at once', async () => {
    const db = await freshDb(client, 'hist3');
    const stores = [1, 2, 3].map(() => new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 }));
    // 90 updates over three items, out of time order, from three instances with no shared queue.
    const writes = Array.from({ length: 90 }, (_, i) => numberedUpdate(String(1 + (i % 3)), i, (i * 37) % 90));
    await Promise.all(writes.map((w, i) => stores[i % 3]!.recordUpdate(w)));
    await Promise.all(stores.map((s) => s.settled()));

    const truth = new Map<string, string[]>();
    for (const itemId of ['1', '2', '3']) {
      truth.set(itemId, await fromLog(db, itemId));
      expect(truth.get(itemId)).toHaveLength(25);
      for (const s of stores) expect(await notes(s, itemId)).toEqual(truth.get(itemId));
    }
    // Racing writers can leave the pointer to the newest version behind (FerretDB moves it
    // non-atomically; racing repairs can too): such a look-up read the log, and had the pointer
    // put right. Once that settles, look-ups no longer read the log.
    const finds: number[] = [];
    for (let round = 0; round < 3 && finds.at(-1) !== 0; round++) {
      await Promise.all(stores.map((s) => s.settled()));
      logFinds = [];
      for (const itemId of ['1', '2', '3']) {
        for (const s of [...stores, new MongoPlanStore(db, { writes: directWrites })]) expect(await notes(s, itemId)).toEqual(truth.get(itemId));
      }
      finds.push(logFinds.length);
    }
    expect(finds.at(-1)).toBe(0);
    // An item never updated is answered without a scan too.
    expect(await notes(stores[0]!, '7')).toEqual([]);
    expect(logFinds).toHaveLength(0);
  });

  it('answers "as of" a time from the document when it holds enough, and from the log when it does not', async () => {
    const db = await freshDb(client, 'hist-asof');
    const store = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });
    for (let i = 0; i < HISTORY_KEEP + 10; i++) await store.recordUpdate(numberedUpdate('5', i));
    await store.settled();
    logFinds = [];
    const recent = new Date(FIRST_UPDATE_AT + (HISTORY_KEEP + 5) * 1000);
    const k = HISTORY_KEEP + 5;
    expect(await notes(store, '5', { asOf: recent, limit: 3 })).toEqual([`5-n${k}`, `5-n${k - 1}`, `5-n${k - 2}`]);
    expect(logFinds).toHaveLength(0);
    // Older than the document reaches: the log answers, and it is still right.
    const old = new Date(FIRST_UPDATE_AT + 3 * 1000);
    expect(await notes(store, '5', { asOf: old, limit: 25 })).toEqual(['5-n3', '5-n2', '5-n1', '5-n0']);
    expect(logFinds).toHaveLength(1);
    // No limit: the whole history, from the log.
    expect(await notes(store, '5', {})).toHaveLength(HISTORY_KEEP + 10);
  });

  it('answers every item\'s status "as of" a time from the history documents, exactly as the log, reading the log once at most', async () => {
    const db = await freshDb(client, 'hist-status-asof');
    const store = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });
    // Item 5 has more updates than a history version keeps; 6 a few; 7 only after the times asked.
    for (let i = 0; i < HISTORY_KEEP + 10; i++) await store.recordUpdate(numberedUpdate('5', i, i * 10));
    for (let i = 0; i < 4; i++) await store.recordUpdate(numberedUpdate('6', i, 5 + i * 100));
    await store.recordUpdate(numberedUpdate('7', 0, 10_000));
    await store.settled();
    /** The truth: each item's newest update at or before `asOf`, straight from the log. */
    const truth = async (asOf: Date) => {
      const out: Record<string, string> = {};
      for (const itemId of ['5', '6', '7']) {
        const [doc] = await db.collection(COLLECTIONS.updates).find({ itemId, at: { $lte: asOf } }).sort({ at: -1, _id: -1 }).limit(1).toArray();
        if (doc) out[itemId] = doc.note as string;
      }
      return out;
    };
    const asked = async (asOf: Date, itemIds?: string[]) =>
      Object.fromEntries([...(await store.currentStatuses(asOf, itemIds))].map(([id, u]) => [id, u.note]));

    // Recent enough for every item's history version: no read of the log at all.
    const recent = new Date(FIRST_UPDATE_AT + 250 * 1000);
    const expected = await truth(recent);
    expect(expected).toEqual({ 5: '5-n25', 6: '6-n2' });
    logFinds = [];
    expect(await asked(recent)).toEqual(expected);
    expect(await asked(recent, ['5'])).toEqual({ 5: '5-n25' });
    expect(logFinds, 'answered from the history documents').toHaveLength(0);

    // Before item 5's version reaches: the log answers that item, in one read.
    const early = new Date(FIRST_UPDATE_AT + 35 * 1000);
    expect(await truth(early)).toEqual({ 5: '5-n3', 6: '6-n0' });
    logFinds = [];
    expect(await asked(early)).toEqual({ 5: '5-n3', 6: '6-n0' });
    expect(logFinds).toHaveLength(1);
    // Before anything: no status.
    expect(await asked(new Date(FIRST_UPDATE_AT - 1000))).toEqual({});
  });

  it('reads the log when the history is behind or missing, and has it rebuilt from the log', async () => {
    const db = await freshDb(client, 'hist-behind');
    const versions = db.collection(COLLECTIONS.history);
    const latest = db.collection(COLLECTIONS.latest);
    const writer = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 });
    const other = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 });
    for (let i = 0; i < 4; i++) await writer.recordUpdate(numberedUpdate('4', i));
    await writer.settled();
    // One version per write; all but the newest VERSIONS_KEPT removed shortly after.
    expect((await latest.findOne({ _id: '4' as never }))?.historyRev).toBe(4);
    expect(await versions.countDocuments({ itemId: '4' })).toBe(VERSIONS_KEPT);

    // A write that stopped between the log (and current status) and its history version: the
    // history is behind the current status. The log answers, and the look-up has the history
    // rebuilt from it.
    const stopped = { ...numberedUpdate('4', 4), _id: new ObjectId() };
    await db.collection(COLLECTIONS.updates).insertOne(stopped);
    await latest.updateOne({ _id: '4' as never }, { $set: { key: `${stopped.at.toISOString()}:${stopped._id.toHexString()}`, update: stopped } });
    logFinds = [];
    expect(await notes(other, '4')).toEqual(['4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    expect(logFinds).toHaveLength(1);
    await other.settled();
    logFinds = [];
    expect(await notes(other, '4')).toEqual(['4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    expect(await notes(writer, '4')).toEqual(['4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    expect(logFinds).toHaveLength(0);

    // A pointer left one version behind (FerretDB applies updates as a read and a write, so a
    // slower writer can set it back), seen by an instance that has seen nothing yet: still right,
    // from the version after it (read forward by _id), without the log.
    await writer.recordUpdate(numberedUpdate('4', 5));
    await writer.settled();
    const rev = (await latest.findOne({ _id: '4' as never }))!.historyRev as number;
    await latest.updateOne({ _id: '4' as never }, { $set: { historyRev: rev - 1 } });
    const fresh = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 });
    logFinds = [];
    expect(await notes(fresh, '4')).toEqual(['4-n5', '4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    expect(logFinds).toHaveLength(0);
    await fresh.settled();
    logFinds = [];
    expect(await notes(new MongoPlanStore(db, { writes: directWrites }), '4')).toEqual(['4-n5', '4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    expect(logFinds).toHaveLength(0);

    // A database from before the history: the log answers, and start-up builds it.
    await versions.deleteMany({});
    expect(await notes(new MongoPlanStore(db, { writes: directWrites }), '4')).toEqual(['4-n5', '4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    await new MongoPlanStore(db, { writes: directWrites }).rebuildLatest();
    logFinds = [];
    expect(await notes(new MongoPlanStore(db, { writes: directWrites }), '4')).toEqual(['4-n5', '4-n4', '4-n3', '4-n2', '4-n1', '4-n0']);
    expect(logFinds).toHaveLength(0);
  });

  it('removes old versions, and a writer behind the pointer still claims after the newest', async () => {
    const db = await freshDb(client, 'hist-versions');
    const versions = db.collection(COLLECTIONS.history);
    const store = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });
    for (let i = 0; i < 20; i++) await store.recordUpdate(numberedUpdate('6', i));
    await store.settled();
    expect(await versions.countDocuments({ itemId: '6' })).toBe(VERSIONS_KEPT);
    await versions.insertOne({ _id: '6#1', itemId: '6', rev: 1, key: '', entries: [], complete: false } as never); // left from before a restart
    await new MongoPlanStore(db, { writes: directWrites }).rebuildLatest(); // what each start does
    expect(await versions.countDocuments({ itemId: '6' })).toBe(VERSIONS_KEPT);
    expect(await notes(new MongoPlanStore(db, { writes: directWrites }), '6', { limit: 25 })).toHaveLength(20);
    // The pointer lags (it is moved non-atomically): a writer that has seen nothing reads forward from it.
    await db.collection(COLLECTIONS.latest).updateOne({ _id: '6' as never }, { $set: { historyRev: 18 } });
    await new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 }).recordUpdate(numberedUpdate('6', 20));
    expect(await notes(new MongoPlanStore(db, { writes: directWrites }), '6', { limit: 25 })).toHaveLength(21);
    expect(await versions.countDocuments({ _id: '6#21' as never })).toBe(1);
  });
});

describe('a request delivered again', () => {
  it('is found by its key without reading the log, and is applied once', async () => {
    const db = await freshDb(client, 'replay');
    const store = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });
    const first = await store.recordUpdate(numberedUpdate('9', 1));
    expect(first.duplicate).toBe(false);
    logFinds = [];
    const again = await store.recordUpdate({ ...numberedUpdate('9', 1), at: new Date(FIRST_UPDATE_AT + 99_000), note: 'sent again' });
    expect(again).toMatchObject({ duplicate: true, update: { id: first.update.id, note: '9-n1' } });
    expect(logFinds).toHaveLength(0);
    expect(await db.collection(COLLECTIONS.updates).countDocuments({ requestKey: '9-1' })).toBe(1);
    // Another instance, once the key's document is written (after the sender was told): by _id too.
    await store.settled();
    const elsewhere = await new MongoPlanStore(db, { writes: directWrites }).recordUpdate(numberedUpdate('9', 1));
    expect(elsewhere).toMatchObject({ duplicate: true, update: { id: first.update.id } });
    expect(logFinds).toHaveLength(0);
  });

  it('has its key document written after its sender hears "saved", in a turn of the write queue of its own', async () => {
    const db = await freshDb(client, 'replay-later');
    const store = new MongoPlanStore(db, { writes: serialWriteQueue(), repairDelayMs: 0 });
    const order: string[] = [];
    const seen = (e: CommandStartedEvent) => {
      if (e.commandName === 'insert' && e.databaseName === db.databaseName) order.push(`insert ${String(e.command.insert)}`);
    };
    client.on('commandStarted', seen);
    try {
      await Promise.all([store.recordUpdate(numberedUpdate('9', 7)), store.recordUpdate(numberedUpdate('8', 7))]);
      order.push('told');
      await store.settled();
    } finally {
      client.off('commandStarted', seen);
    }
    // The log, the history, the current statuses (new items: inserted); then told; then the keys, both in one insert.
    expect(order.slice(0, 2)).toEqual([`insert ${COLLECTIONS.updates}`, `insert ${COLLECTIONS.history}`]);
    expect(order.slice(-2)).toEqual(['told', `insert ${COLLECTIONS.requestKeys}`]);
    expect(await db.collection(COLLECTIONS.requestKeys).countDocuments()).toBe(2);
  });

  it('is still found when its key document is missing (written before request_keys existed), which is then written', async () => {
    const db = await freshDb(client, 'replay-old');
    const store = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });
    const first = await store.recordUpdate(numberedUpdate('9', 2));
    await store.settled();
    await db.collection(COLLECTIONS.requestKeys).deleteMany({});
    // Delivered again to another instance, which reads the log and writes the key's document.
    const other = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });
    const again = await other.recordUpdate(numberedUpdate('9', 2));
    expect(again).toMatchObject({ duplicate: true, update: { id: first.update.id } });
    await other.settled();
    expect(await db.collection(COLLECTIONS.requestKeys).countDocuments({ _id: '9-2' as never })).toBe(1);
    expect(await db.collection(COLLECTIONS.updates).countDocuments()).toBe(1);
  });
});

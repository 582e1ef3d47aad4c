// The projections keep their copies of updates packed (one BSON binary value:
// src/store/packed.ts), which FerretDB stores and reads several times faster
// than nested documents. What the store answers must not change: the same
// statuses, history and replays as the log says, with dates and ids intact,
// also for a database written before packing (nested copies), and a write on
// top of such a database carries its history on.
import { Binary, MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COLLECTIONS, type UpdateDoc } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { unpack, type Packed } from '../../src/store/packed.js';
import { directWrites } from '../../src/store/write-queue.js';
import { freshDb, numberedUpdate } from './support/store-updates.js';

let client: MongoClient;
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri')).connect();
});
afterAll(() => client.close());

const newStore = (db: Db) => new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 0 });

/** Rewrites every projection document the way the bot wrote them before packing: nested copies. */
async function unpackAll(db: Db): Promise<void> {
  for (const [name, field] of [[COLLECTIONS.latest, 'update'], [COLLECTIONS.requestKeys, 'update'], [COLLECTIONS.history, 'entries']] as const) {
    const collection = db.collection<{ _id: string } & Record<string, Packed<unknown>>>(name);
    for (const doc of await collection.find({}).toArray()) {
      await collection.updateOne({ _id: doc._id }, { $set: { [field]: unpack(doc[field]!) } });
    }
  }
}

describe('packed projections', () => {
  it('store each copy as one binary value and read back the same update, dates and ids intact', async () => {
    const db = await freshDb(client, 'packed');
    const store = newStore(db);
    const saved = (await store.recordUpdate(numberedUpdate('4', 1))).update;
    await store.recordUpdate(numberedUpdate('4', 2));
    await store.settled();

    const latest = await db.collection(COLLECTIONS.latest).findOne({ _id: '4' as never });
    const version = await db.collection(COLLECTIONS.history).findOne({ itemId: '4' }, { sort: { rev: -1 } });
    const key = await db.collection(COLLECTIONS.requestKeys).findOne({ _id: '4-1' as never });
    expect(latest?.update).toBeInstanceOf(Binary);
    expect(version?.entries).toBeInstanceOf(Binary);
    expect(key?.update).toBeInstanceOf(Binary);
    const logged = await db.collection<UpdateDoc>(COLLECTIONS.updates).find({ itemId: '4' }).sort({ at: -1 }).toArray();
    expect(unpack<UpdateDoc[]>(version!.entries)).toEqual(logged);

    const fresh = newStore(db);
    const current = (await fresh.currentStatuses()).get('4');
    expect(current).toMatchObject({ note: '4-n2', status: 'at-risk' });
    expect(current?.at).toBeInstanceOf(Date);
    expect(current?.at.toISOString()).toBe(logged[0]!.at.toISOString());
    expect((await fresh.history('4')).map((u) => [u.id, u.note])).toEqual(logged.map((d) => [d._id.toHexString(), d.note]));
    const again = await fresh.recordUpdate(numberedUpdate('4', 1));
    expect(again).toMatchObject({ duplicate: true, update: { id: saved.id, note: '4-n1' } });
  });

  it('still answer from a database written before packing, and carry its history on', async () => {
    const db = await freshDb(client, 'packed-old');
    const store = newStore(db);
    for (let i = 1; i <= 3; i++) await store.recordUpdate(numberedUpdate('5', i));
    await store.settled();
    await unpackAll(db);
    expect(await db.collection(COLLECTIONS.latest).findOne({ _id: '5' as never })).toMatchObject({ update: { note: '5-n3' } });

    const after = newStore(db);
    expect((await after.currentStatuses()).get('5')).toMatchObject({ note: '5-n3' });
    expect((await after.history('5')).map((u) => u.note)).toEqual(['5-n3', '5-n2', '5-n1']);
    expect(await after.recordUpdate(numberedUpdate('5', 2))).toMatchObject({ duplicate: true, update: { note: '5-n2' } });

    const next = await after.recordUpdate(numberedUpdate('5', 4));
    expect(next.previous).toMatchObject({ note: '5-n3' });
    await after.settled();
    expect((await newStore(db).history('5')).map((u) => u.note)).toEqual(['5-n4', '5-n3', '5-n2', '5-n1']);
    expect((await newStore(db).currentStatuses()).get('5')).toMatchObject({ note: '5-n4' });
  });
});

describe('the update before a new one', () => {
  it('is told by the store from the history it just wrote: none for the first, the one before otherwise, also from another instance', async () => {
    const db = await freshDb(client, 'previous');
    const [a, b] = [newStore(db), newStore(db)];
    expect((await a.recordUpdate(numberedUpdate('8', 1))).previous).toBeNull();
    expect((await a.recordUpdate(numberedUpdate('8', 2))).previous).toMatchObject({ note: '8-n1' });
    // b has never seen item 8: it reads the newest version, then writes after it.
    expect((await b.recordUpdate(numberedUpdate('8', 3))).previous).toMatchObject({ note: '8-n2' });
    // a's newest version is now behind b's: its claim fails, it merges b's in, and still says 8-n3.
    expect((await a.recordUpdate(numberedUpdate('8', 4))).previous).toMatchObject({ note: '8-n3' });
    // Sent earlier than the newest (a clock behind): the one before it in time.
    expect((await b.recordUpdate(numberedUpdate('8', 5, 2.5))).previous).toMatchObject({ note: '8-n2' });
    await Promise.all([a.settled(), b.settled()]);
    expect((await newStore(db).history('8')).map((u) => u.note)).toEqual(['8-n4', '8-n3', '8-n5', '8-n2', '8-n1']);
  });

  it('is told to onLogged before recordUpdate resolves, as it will resolve; not for a request delivered again', async () => {
    const db = await freshDb(client, 'on-logged');
    const store = newStore(db);
    await store.recordUpdate(numberedUpdate('3', 1));
    const told: { recorded: unknown; resolved: boolean }[] = [];
    let resolved = false;
    const pending = store.recordUpdate(numberedUpdate('3', 2), { onLogged: (recorded) => told.push({ recorded, resolved }) });
    const saved = await pending.finally(() => (resolved = true));
    expect(told).toHaveLength(1);
    expect(told[0]!.resolved).toBe(false);
    expect(told[0]!.recorded).toBe(saved);
    expect(saved).toMatchObject({ duplicate: false, update: { note: '3-n2' }, previous: { note: '3-n1' } });
    // The log and the history have it when told; a repeat is not told.
    const again = await store.recordUpdate(numberedUpdate('3', 2), { onLogged: () => told.push({ recorded: 'again', resolved }) });
    expect(again.duplicate).toBe(true);
    expect(told).toHaveLength(1);
  });
});

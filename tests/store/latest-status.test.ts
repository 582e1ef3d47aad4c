// The current-status projection (latest_status): current statuses are read
// from it by _id, so it must always end up at the newest update in the log —
// also when instances race on FerretDB, which applies conditional updates
// non-atomically, and when something knocks it back after the writes.
import { MongoClient, } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COLLECTIONS, } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { freshDb, numberedUpdate } from './support/store-updates.js';
import { directWrites } from '../../src/store/write-queue.js';

let client: MongoClient;
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri')).connect();
});
afterAll(() => client.close());


describe('the current-status projection', () => {
  it('converges on the newest update when writers in one process race, and is rebuilt from the log', async () => {
    const db = await freshDb(client, 'latest');
    // No write queue: the writes race as they would from separate bot instances.
    const store = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 });
    const writes = Array.from({ length: 12 }, (_, i) => numberedUpdate('9', i, (i * 7) % 12));
    await Promise.all(writes.map((w) => store.recordUpdate(w)));
    await store.settled();
    const newest = writes.reduce((a, b) => (b.at > a.at ? b : a));
    expect((await store.currentStatuses()).get('9')?.note).toBe(newest.note);
    expect((await store.currentStatuses(undefined, ['9', '10'])).size).toBe(1);

    await db.collection(COLLECTIONS.latest).deleteMany({});
    expect((await store.currentStatuses()).size).toBe(0);
    await store.rebuildLatest();
    expect((await store.currentStatuses()).get('9')?.note).toBe(newest.note);
  });

  it('converges when three instances write the same items at once', async () => {
    const db = await freshDb(client, 'latest3');
    const stores = [1, 2, 3].map(() => new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 }));
    const writes = Array.from({ length: 45 }, (_, i) => numberedUpdate(String(1 + (i % 3)), i, (i * 11) % 45));
    await Promise.all(writes.map((w, i) => stores[i % 3]!.recordUpdate(w)));
    await Promise.all(stores.map((s) => s.settled()));
    for (const itemId of ['1', '2', '3']) {
      const newest = writes.filter((w) => w.itemId === itemId).reduce((a, b) => (b.at > a.at ? b : a));
      for (const s of stores) expect((await s.currentStatuses()).get(itemId)?.note).toBe(newest.note);
    }
  });

  it('is put right by the next look-up in the process that wrote a newer update, when knocked back later', async () => {
    const db = await freshDb(client, 'latest-back');
    const writer = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 });
    const other = new MongoPlanStore(db, { writes: directWrites, repairDelayMs: 20 });
    await writer.recordUpdate(numberedUpdate('4', 1, 1));
    await writer.recordUpdate(numberedUpdate('4', 2, 2));
    await writer.settled();
    // A late racing write (another instance's) sets the projection back to the older update.
    const older = await db.collection(COLLECTIONS.updates).findOne({ requestKey: '4-1' });
    await db.collection(COLLECTIONS.latest).updateOne(
      { _id: '4' as never },
      { $set: { key: `${older!.at.toISOString()}:${older!._id.toHexString()}`, update: older } },
    );
    expect((await other.currentStatuses()).get('4')?.note).toBe('4-n1');
    await other.settled();
    expect((await other.currentStatuses()).get('4')?.note).toBe('4-n1'); // the other instance cannot know

    expect((await writer.currentStatuses()).get('4')?.note).toBe('4-n1'); // this look-up notices...
    await writer.settled();
    expect((await other.currentStatuses()).get('4')?.note).toBe('4-n2'); // ...and sets it from the log
  });
});

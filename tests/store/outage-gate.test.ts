// While the database is known away, writes waiting in the write queue are refused at
// once and unsent (src/store/outage-gate.ts): on FerretDB, where writes go one at a
// time, each would otherwise wait a whole server selection, and people queued behind
// them would hear "nothing was saved" only after many of those waits. Look-ups are
// refused at once too.
import net from 'node:net';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/store-port.js';
import { connectDatabase, type Database } from '../../src/store/connect.js';
import type { UpdateDoc } from '../../src/store/collections.js';
import { InsertBatcher } from '../../src/store/insert-batcher.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { gateWritesWhileAway } from '../../src/store/outage-gate.js';
import { serialWriteQueue } from '../../src/store/write-queue.js';
import { DatabaseAwayError, neverSent } from '../../src/store/mongo-errors.js';
import { RequestKeys } from '../../src/store/request-keys.js';
import type { WriteQueue } from '../../src/store/write-queue.js';
import { ownFerretDb, type OwnDatabase } from '../support/own-ferretdb.js';
import { testDbName } from '../support/test-env.js';

let own: OwnDatabase;
let db: Database;
beforeAll(async () => {
  own = await ownFerretDb();
  db = await connectDatabase(own.uri, testDbName('gate'));
});
afterAll(async () => {
  await db?.close();
  await own?.dispose();
});

const settle = <T>(all: Promise<T>[]) => Promise.allSettled(all);

describe('writes while the database is away', () => {
  it('refuses the writes waiting behind a failed one without sending them, and lets writes through once the database answers again', async () => {
    const docs = db.db.collection<{ _id: string }>('gate');
    await db.writes(() => docs.insertOne({ _id: 'before' }));
    await own.stop();

    // The first write finds out the hard way (it waits for a server, then fails).
    await expect(db.writes(() => docs.insertOne({ _id: 'first' }))).rejects.toThrow();

    // Everything queued now is refused, and none of it runs.
    let ran = 0;
    const queued = await settle(Array.from({ length: 6 }, (_, i) => db.writes(async () => {
      ran++;
      return docs.insertOne({ _id: `queued-${i}` });
    })));
    expect(ran).toBe(0);
    for (const outcome of queued) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(DatabaseAwayError);
      expect(reason).toBeInstanceOf(StoreUnavailableError); // told "nothing was saved"
      expect(neverSent(reason)).toBe(true);
    }

    // Updates batched for the queue hear the refusal too (none is left waiting).
    const batcher = new InsertBatcher(db.db.collection<{ _id: ObjectId }>('gate_batch'), db.writes, async () => undefined);
    const batched = await settle([1, 2, 3].map(() => batcher.insert({ _id: new ObjectId() })));
    expect(batched.map((o) => o.status === 'rejected' && (o.reason as Error).name)).toEqual(['DatabaseAwayError', 'DatabaseAwayError', 'DatabaseAwayError']);
    expect(batcher.waitingCount()).toBe(0);

    // Look-ups hear it at once too, unsent, rather than after a whole server selection each.
    const store = new MongoPlanStore(db.db, { writes: db.writes, reachable: db.reachable });
    const looks = await settle<unknown>([store.currentStatuses(), store.history('7'), store.currentStatuses(undefined, ['7'])]);
    expect(looks.map((o) => o.status === 'rejected' && (o.reason as Error).name)).toEqual(['DatabaseAwayError', 'DatabaseAwayError', 'DatabaseAwayError']);

    await own.restart();
    let saved = false;
    for (let i = 0; i < 40 && !saved; i++) {
      saved = await db.writes(() => docs.insertOne({ _id: `after-${i}` })).then(() => true, () => false);
      if (!saved) await new Promise((r) => setTimeout(r, 250));
    }
    expect(saved).toBe(true);
    expect(await store.currentStatuses()).toEqual(new Map());
    const stored = (await docs.find({}).toArray()).map((d) => d._id);
    expect(stored).toContain('before');
    expect(stored.filter((id) => id.startsWith('queued-'))).toEqual([]);
  }, 60_000);

  it('takes a server that only answers slowly for busy, not away: its writes are still sent', async () => {
    // A server that accepts connections and never answers: every heartbeat times out.
    const hung = net.createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = (hung.address() as net.AddressInfo).port;
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { connectTimeoutMS: 200, serverSelectionTimeoutMS: 700, heartbeatFrequencyMS: 500 });
    const gate = gateWritesWhileAway(serialWriteQueue(), client, client.db('gate_slow'));
    try {
      let sent = 0;
      const write = () => gate.writes(async () => {
        sent++;
        await client.db('gate_slow').collection('docs').insertOne({ at: new Date() });
      });
      await expect(write()).rejects.toThrow(); // no answer in time: the driver gives up
      await expect(write()).rejects.toThrow();
      expect(sent, 'both writes were sent to the driver: a timeout is not "away"').toBe(2);
    } finally {
      gate.stop();
      await client.close();
      hung.close();
    }
  });

  it('leaves request keys the queue refused to a read of the log, without trying again and again', async () => {
    const refused: WriteQueue = async () => {
      throw new DatabaseAwayError('away');
    };
    const errors: unknown[] = [];
    let batches = 0;
    const keys = new RequestKeys(db.db.collection('gate_keys'), refused, { onError: (err) => errors.push(err), onBatch: () => batches++ });
    const update: UpdateDoc = {
      _id: new ObjectId(), itemId: '7', action: 7, status: 'on-track', note: 'Refused key', requestKey: 'gate-key-1',
      by: { email: 'jane@police.govt.nz', displayName: 'Jane Smith', agencies: ['police'] }, at: new Date(), source: { platform: 'slack' },
    } as UpdateDoc;
    keys.later([update]);
    await keys.settled();
    expect(errors.map((e) => (e as Error).name)).toEqual(['DatabaseAwayError']);
    expect(batches).toBe(0);
    // No longer answered from memory: found (or not) in the database.
    expect(await keys.find('gate-key-1')).toBeNull();
  });
});

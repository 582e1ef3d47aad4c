// Updates waiting in the write queue go to the database as one insertMany
// (src/store/insert-batcher.ts), and each caller still hears its own outcome.
import { MongoClient, ObjectId, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StoreUnconfirmedError } from '../../src/core/store-port.js';
import { InsertBatcher } from '../../src/store/insert-batcher.js';
import { isDuplicateKey } from '../../src/store/mongo-errors.js';
import { serialWriteQueue } from '../../src/store/write-queue.js';
import { startMongoCutProxy } from '../stress-support/mongo-cut-proxy.js';
import { testDbName } from '../support/test-env.js';

interface Doc {
  _id: ObjectId;
  key: string;
}

let client: MongoClient;
const inserts: number[] = [];
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri'), { monitorCommands: true }).connect();
  client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'insert') inserts.push((e.command.documents as unknown[]).length);
  });
});
afterAll(() => client.close());

/** Holds the queue, as another write would, until release() — once the write has begun. */
async function holdQueue(writes: ReturnType<typeof serialWriteQueue>) {
  let release: () => void = () => undefined;
  let begun: () => void = () => undefined;
  const started = new Promise<void>((r) => (begun = r));
  const busy = writes(() => new Promise<void>((r) => {
    release = r;
    begun();
  }));
  await started;
  return { release: () => release(), busy };
}

async function collection(name: string) {
  const c = client.db(testDbName(name)).collection<Doc>('docs');
  await c.createIndex({ key: 1 }, { unique: true });
  return c;
}

describe('batched inserts', () => {
  it('writes the inserts that wait together in one go, and tells every caller', async () => {
    const c = await collection('batch');
    const writes = serialWriteQueue();
    const after: string[][] = [];
    const batcher = new InsertBatcher(c, writes, async (docs) => void after.push(docs.map((d) => d.key)));
    const hold = await holdQueue(writes);
    inserts.length = 0;
    const done = Array.from({ length: 50 }, (_, i) => batcher.insert({ _id: new ObjectId(), key: `k${i}` }));
    hold.release();
    await hold.busy;
    await Promise.all(done);
    expect(inserts).toEqual([50]);
    expect(after).toEqual([Array.from({ length: 50 }, (_, i) => `k${i}`)]);
    expect(await c.countDocuments()).toBe(50);
  });

  it('rejects only the documents that could not go in: a duplicate key stays a duplicate key', async () => {
    const c = await collection('dups');
    await c.insertOne({ _id: new ObjectId(), key: 'taken' });
    const writes = serialWriteQueue();
    const after: string[] = [];
    const batcher = new InsertBatcher(c, writes, async (docs) => void after.push(...docs.map((d) => d.key)));
    const hold = await holdQueue(writes);
    const outcomes = ['a', 'taken', 'b', 'a'].map((key) =>
      batcher.insert({ _id: new ObjectId(), key }).then(
        () => 'inserted',
        (err: unknown) => (isDuplicateKey(err) ? 'duplicate' : `error: ${String(err)}`),
      ),
    );
    hold.release();
    await hold.busy;
    expect(await Promise.all(outcomes)).toEqual(['inserted', 'duplicate', 'inserted', 'duplicate']);
    expect(after).toEqual(['a', 'b']);
    expect((await c.find({}, { sort: { key: 1 } }).toArray()).map((d) => d.key)).toEqual(['a', 'b', 'taken']);
  });

  it('fails every caller of a batch the database never took', async () => {
    const away = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 300, connectTimeoutMS: 300 });
    try {
      const after: Doc[][] = [];
      const batcher = new InsertBatcher(away.db('x').collection<Doc>('docs'), serialWriteQueue(), async (docs) => void after.push(docs));
      const outcomes = await Promise.allSettled([1, 2, 3].map((i) => batcher.insert({ _id: new ObjectId(), key: `k${i}` })));
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      // Never sent, so certainly not written: the plain failure, not "unconfirmed".
      for (const o of outcomes) expect((o as PromiseRejectedResult).reason).not.toBeInstanceOf(StoreUnconfirmedError);
      expect(after).toEqual([]);
    } finally {
      await away.close();
    }
  });

  describe('when the database makes the write but its answer never arrives', () => {
    async function cutSetup(name: string, confirmWithinMs: number) {
      const target = await collection(name);
      const proxy = await startMongoCutProxy(inject('mongoUri'));
      const viaProxy = await new MongoClient(proxy.uri, { serverSelectionTimeoutMS: 300, connectTimeoutMS: 300 }).connect();
      const after: string[] = [];
      const batcher = new InsertBatcher(viaProxy.db(target.dbName).collection<Doc>('docs'), serialWriteQueue(), async (docs) => void after.push(...docs.map((d) => d.key)), { confirmWithinMs, confirmEveryMs: 100 });
      return { target, proxy, viaProxy, after, batcher, async close() { await viaProxy.close(); await proxy.close(); } };
    }

    it('asks again, finds its own documents there, and tells the callers they were saved', async () => {
      const s = await cutSetup('unanswered', 5000);
      try {
        const cut = s.proxy.cutBeforeAckOfInsertInto('docs');
        const outcomes = ['u1', 'u2'].map((key) => s.batcher.insert({ _id: new ObjectId(), key }));
        await cut;
        setTimeout(() => s.proxy.restore(), 1000);
        await Promise.all(outcomes);
        expect(s.after.sort()).toEqual(['u1', 'u2']);
        expect((await s.target.find({}, { sort: { key: 1 } }).toArray()).map((d) => d.key)).toEqual(['u1', 'u2']);
      } finally {
        await s.close();
      }
    });

    it('answers "unconfirmed" when the time to confirm is up, even if the client would wait longer for a server', async () => {
      const target = await collection('unconfirmed-in-time');
      const proxy = await startMongoCutProxy(inject('mongoUri'));
      // A client that waits 5 s for a server: each try to confirm would, with the database away.
      const patient = await new MongoClient(proxy.uri, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 300 }).connect();
      try {
        const batcher = new InsertBatcher(patient.db(target.dbName).collection<Doc>('docs'), serialWriteQueue(), async () => undefined, { confirmWithinMs: 800, confirmEveryMs: 100 });
        const cut = proxy.cutBeforeAckOfInsertInto('docs');
        const started = Date.now();
        const outcome = batcher.insert({ _id: new ObjectId(), key: 'maybe' }).then(() => 'saved', (err: unknown) => err);
        await cut;
        expect(await outcome).toBeInstanceOf(StoreUnconfirmedError);
        expect(Date.now() - started, 'told within the time to confirm, not after a 5 s wait for a server').toBeLessThan(3000);
      } finally {
        await patient.close();
        await proxy.close();
      }
    });

    it('says "unconfirmed", not "not saved", when the database does not answer in time', async () => {
      const s = await cutSetup('unconfirmed', 800);
      try {
        const cut = s.proxy.cutBeforeAckOfInsertInto('docs');
        const outcome = s.batcher.insert({ _id: new ObjectId(), key: 'maybe' }).then(() => 'saved', (err: unknown) => err);
        await cut;
        expect(await outcome).toBeInstanceOf(StoreUnconfirmedError);
        expect(s.after).toEqual([]);
        // And rightly so: the server had made the write.
        expect((await s.target.find().toArray()).map((d) => d.key)).toEqual(['maybe']);
      } finally {
        await s.close();
      }
    });
  });
});

// A read that is only slow is answered late, not reported as an outage: the
// load suite once told people "The database is not reachable right now" for
// look-ups that had merely waited behind other work. A database that has really
// stopped answering is still reported within seconds.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/store-port.js';
import { COLLECTIONS, ensureIndexes } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { startSlowReadProxy, type SlowReadProxy } from '../stress-support/slow-read-proxy.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { testDbName } from '../support/test-env.js';
import { directWrites } from '../../src/store/write-queue.js';

let slow: SlowReadProxy;
let hung: TcpProxy;
const clients: MongoClient[] = [];
const dbName = testDbName('slow');

/** A client that gives up on a socket after 1 s (the bot's: 8 s). */
async function connect(uri: string) {
  const c = await new MongoClient(uri, { socketTimeoutMS: 1000, serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 }).connect();
  clients.push(c);
  return c.db(dbName);
}

beforeAll(async () => {
  slow = await startSlowReadProxy(inject('mongoUri'));
  hung = await startTcpProxy(inject('mongoUri'));
  const direct = await connect(inject('mongoUri'));
  await ensureIndexes(direct);
  const writer = new MongoPlanStore(direct, { writes: directWrites });
  await writer.recordMembership({ email: 'jane@police.govt.nz', agency: 'police', effect: 'grant', at: new Date(), by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] } });
});
afterAll(async () => {
  for (const c of clients) await c.close(true);
  await slow.close();
  await hung.close();
});

describe('a slow read', () => {
  it('is answered, late, when it timed out but the database still answers', async () => {
    const slowWarnings: string[] = [];
    const store = new MongoPlanStore(await connect(slow.uri), { writes: directWrites, onSlowRead: (what) => slowWarnings.push(what) });
    // Both of the driver's attempts (it retries a read once) wait past the socket timeout.
    slow.slowFinds(COLLECTIONS.memberships, 2, 1500);
    const changes = await store.membershipChanges('jane@police.govt.nz');
    expect(changes.map((c) => c.agency)).toEqual(['police']);
    expect(slow.slowed()).toBeGreaterThanOrEqual(2);
    expect(slowWarnings).toEqual(['reading memberships']);
  });

  it('is reported as unavailable when the database has stopped answering altogether', async () => {
    const store = new MongoPlanStore(await connect(hung.uri), { writes: directWrites });
    expect((await store.membershipChanges('jane@police.govt.nz')).length).toBe(1);
    hung.hang();
    const started = Date.now();
    await expect(store.membershipChanges('jane@police.govt.nz')).rejects.toBeInstanceOf(StoreUnavailableError);
    // A timed-out attempt, a retry that cannot connect, and a ping that gets no answer in its 3 s.
    expect(Date.now() - started).toBeLessThan(20_000);
    hung.restore();
  });
});

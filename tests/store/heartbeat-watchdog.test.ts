// The watchdog against the driver's stuck monitor (src/store/heartbeat-watchdog.ts),
// on a real client and database. The driver bug itself (a heartbeat write that
// never returns) cannot be caused on demand, so the test plays the driver's part:
// it emits the heartbeat-started event a stuck check leaves behind, with no end.
import { MongoClient, type ServerHeartbeatStartedEvent, type ServerHeartbeatSucceededEvent } from 'mongodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { watchHeartbeats, type HeartbeatWatchdog } from '../../src/store/heartbeat-watchdog.js';
import { testDbName } from '../support/test-env.js';

let client: MongoClient | undefined;
let watchdog: HeartbeatWatchdog | undefined;
afterEach(async () => {
  watchdog?.stop();
  await client?.close();
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const startedEvent = (address: string, awaited = false) => ({ connectionId: address, awaited }) as unknown as ServerHeartbeatStartedEvent;
const succeededEvent = (address: string) => ({ connectionId: address }) as unknown as ServerHeartbeatSucceededEvent;

async function connected() {
  client = new MongoClient(inject('mongoUri'), { serverSelectionTimeoutMS: 3000 });
  await client.connect();
  return client;
}

describe('heartbeat watchdog', () => {
  it('reconnects a client whose heartbeat never ends, and handles taken before keep working', async () => {
    const c = await connected();
    const docs = c.db(testDbName('watchdog')).collection<{ _id: string }>('things');
    await docs.insertOne({ _id: 'before' });

    const reconnects: { address: string; openForMs: number; error?: unknown }[] = [];
    watchdog = watchHeartbeats(c, { stuckAfterMs: 300, checkEveryMs: 50, onReconnect: (info) => reconnects.push(info) });
    c.emit('serverHeartbeatStarted', startedEvent('stuck-host:1'));
    for (let i = 0; i < 100 && reconnects.length === 0; i++) await wait(50);

    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]).toMatchObject({ address: 'stuck-host:1' });
    expect(reconnects[0]!.openForMs).toBeGreaterThan(300);
    expect(reconnects[0]!.error).toBeUndefined();
    // The same collection handle, after the client was closed and connected again.
    await docs.insertOne({ _id: 'after' });
    expect((await docs.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['after', 'before']);
    // Once reconnected, the stuck check is forgotten: no second reconnect.
    await wait(600);
    expect(reconnects).toHaveLength(1);
  });

  it('leaves a client alone while its heartbeats end, however many there are', async () => {
    const c = await connected();
    const reconnects: unknown[] = [];
    watchdog = watchHeartbeats(c, { stuckAfterMs: 300, awaitedStuckAfterMs: 3000, checkEveryMs: 50, onReconnect: (info) => reconnects.push(info) });
    for (let i = 0; i < 10; i++) {
      c.emit('serverHeartbeatStarted', startedEvent('busy-host:1'));
      await wait(100);
      c.emit('serverHeartbeatSucceeded', succeededEvent('busy-host:1'));
    }
    // A streaming heartbeat may be held by the server for a while: longer than a polling one may take.
    c.emit('serverHeartbeatStarted', startedEvent('busy-host:1', true));
    await wait(800);
    c.emit('serverHeartbeatSucceeded', succeededEvent('busy-host:1'));
    await wait(500);
    expect(reconnects).toEqual([]);
    expect(await c.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('says so when the server is still away at the reconnect', async () => {
    // A client of a server that is not there: the reconnect fails and is reported.
    client = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 300, connectTimeoutMS: 300 });
    const reconnects: { error?: unknown }[] = [];
    watchdog = watchHeartbeats(client, { stuckAfterMs: 100, checkEveryMs: 50, onReconnect: (info) => reconnects.push(info) });
    client.emit('serverHeartbeatStarted', startedEvent('127.0.0.1:9'));
    for (let i = 0; i < 100 && reconnects.length === 0; i++) await wait(50);
    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]!.error).toBeInstanceOf(Error);
  });
});

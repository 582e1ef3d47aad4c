// recentHistories: what a digest and the board read — every item's updates up
// to a time, newest first, a bounded number each. Kept between calls, but
// checked against the database on every call, so what another instance wrote
// is there at once.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NewStatusUpdate } from '../../src/core/store-port.js';
import { ensureIndexes } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { testDbName } from '../support/test-env.js';
import { directWrites } from '../../src/store/write-queue.js';

let client: MongoClient;
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri')).connect();
});
afterAll(() => client.close());

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
function update(itemId: string, d: number, note: string): NewStatusUpdate {
  return {
    itemId, action: Number.parseInt(itemId, 10), status: 'on-track', note, at: day(d), requestKey: `${itemId}-${d}-${note}`,
    by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] }, source: { platform: 'cli' },
  };
}

describe('recent histories', () => {
  it('gives each item its updates up to the time, newest first, at most so many', async () => {
    const db = client.db(testDbName('recent'));
    await ensureIndexes(db);
    const store = new MongoPlanStore(db, { writes: directWrites });
    // Written out of order, as several instances would.
    for (const [item, d] of [['7', 3], ['13b', 1], ['7', 1], ['7', 5], ['13b', 9], ['7', 2], ['7', 4]] as const) {
      await store.recordUpdate(update(item, d, `${item} day ${d}`));
    }
    const upTo4 = await store.recentHistories(day(4), 3);
    expect([...upTo4.keys()].sort()).toEqual(['13b', '7']);
    expect(upTo4.get('7')!.map((u) => u.note)).toEqual(['7 day 4', '7 day 3', '7 day 2']);
    expect(upTo4.get('13b')!.map((u) => u.note)).toEqual(['13b day 1']);
    expect((await store.recentHistories(day(0), 3)).size).toBe(0);
    // The same answer the per-item history gives.
    expect((await store.recentHistories(day(9), 50)).get('7')).toEqual(await store.history('7', { asOf: day(9), limit: 50 }));
  });
});

describe('recent histories kept between calls', () => {
  // Background checks and clean-ups a few milliseconds after writes, so settled() is quick.
  const quick = { writes: directWrites, repairDelayMs: 20 };
  const notes = (m: Map<string, { note: string }[]>, id: string) => m.get(id)?.map((u) => u.note);

  it('show at once what another instance wrote: a few updates, and more than one history version holds', async () => {
    const db = client.db(testDbName('recent_kept'));
    await ensureIndexes(db);
    const board = new MongoPlanStore(db, quick);
    const other = new MongoPlanStore(db, quick);
    for (let d = 1; d <= 12; d++) await other.recordUpdate(update('7', d, `early ${d}`));
    await other.recordUpdate(update('9', 1, 'nine'));
    await other.settled();
    expect(notes(await board.recentHistories(day(28), 60), '7')).toHaveLength(12);

    // A few more from the other instance: joined to what was kept.
    await other.recordUpdate(update('7', 13, 'late 13'));
    await other.recordUpdate(update('9', 13, 'nine again'));
    await other.settled();
    const truth = async () => new MongoPlanStore(db, quick).recentHistories(day(28), 60);
    const second = await board.recentHistories(day(28), 60);
    expect(notes(second, '7')?.[0]).toBe('late 13');
    expect(second).toEqual(await truth());

    // More than an item's history version holds (25): read again in full, nothing lost.
    for (let i = 0; i < 30; i++) await other.recordUpdate(update('7', 14 + (i % 10), `burst ${i}`));
    await other.settled();
    const third = await board.recentHistories(day(28), 60);
    expect(notes(third, '7')).toHaveLength(43);
    expect(third).toEqual(await truth());
    // A narrower, older request is answered from the same lists.
    expect(await board.recentHistories(day(5), 3)).toEqual(await new MongoPlanStore(db, quick).recentHistories(day(5), 3));
    await Promise.all([board.settled(), other.settled()]);
  });

  it('reads the log once for the first call, then not again while nothing is written', async () => {
    const db = client.db(testDbName('recent_quiet'));
    await ensureIndexes(db);
    const writer = new MongoPlanStore(db, quick);
    for (let d = 1; d <= 5; d++) await writer.recordUpdate(update('7', d, `d${d}`));
    await writer.settled();
    const logReads: unknown[] = [];
    const watched = await new MongoClient(inject('mongoUri'), { monitorCommands: true }).connect();
    try {
      watched.on('commandStarted', (e) => {
        if (e.commandName === 'find' && e.command.find === 'status_updates') logReads.push(e.command.filter);
      });
      const board = new MongoPlanStore(watched.db(db.databaseName), quick);
      const first = await board.recentHistories(day(28), 60);
      expect(logReads).toHaveLength(1);
      expect(await board.recentHistories(day(28), 60)).toEqual(first);
      expect(await board.recentHistories(day(28), 60)).toEqual(first);
      expect(logReads, 'later calls read the current statuses, not the log').toHaveLength(1);
      await board.settled();
    } finally {
      await watched.close();
    }
  });

  it('reads an item another instance wrote by its history version alone, not its current status again', async () => {
    const db = client.db(testDbName('recent_reads'));
    await ensureIndexes(db);
    const writer = new MongoPlanStore(db, quick);
    for (let d = 1; d <= 3; d++) await writer.recordUpdate(update('7', d, `d${d}`));
    await writer.settled();
    const finds: string[] = [];
    const watched = await new MongoClient(inject('mongoUri'), { monitorCommands: true }).connect();
    try {
      watched.on('commandStarted', (e) => {
        if (e.commandName === 'find') finds.push(`${String(e.command.find)} ${JSON.stringify(e.command.filter)}`);
      });
      const board = new MongoPlanStore(watched.db(db.databaseName), quick);
      await board.recentHistories(day(28), 60);
      await writer.recordUpdate(update('7', 4, 'd4'));
      await writer.settled();
      finds.length = 0;
      expect((await board.recentHistories(day(28), 60)).get('7')?.map((u) => u.note)).toEqual(['d4', 'd3', 'd2', 'd1']);
      // All current statuses once (the stamps), then item 7's newest version and the next number (read forward).
      expect(finds.filter((f) => f.startsWith('latest_status'))).toEqual(['latest_status {}']);
      expect(finds.filter((f) => f.startsWith('item_history'))).toEqual(['item_history {"_id":"7#4"}', 'item_history {"_id":"7#5"}']);
      expect(finds.filter((f) => f.startsWith('status_updates'))).toEqual([]);
      await board.settled();
    } finally {
      await watched.close();
    }
  });
});

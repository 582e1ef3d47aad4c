// recentHistories: what a digest reads — every item's updates up to a time,
// newest first, a bounded number each — in one pass over the log.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NewStatusUpdate } from '../../src/core/store-port.js';
import { ensureIndexes } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { testDbName } from '../support/test-env.js';

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
    const store = new MongoPlanStore(db);
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

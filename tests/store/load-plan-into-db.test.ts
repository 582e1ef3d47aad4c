import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import { COLLECTIONS, ensureIndexes } from '../../src/store/collections.js';
import { loadPlanIntoDb } from '../../src/store/load-plan-into-db.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { directWrites } from '../../src/store/write-queue.js';
import { testDbName } from '../support/test-env.js';

let client: MongoClient;
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri')).connect();
});
afterAll(() => client.close());

describe('loading the plan into MongoDB', () => {
  it('is idempotent and never touches status updates', async () => {
    const db = client.db(testDbName('load'));
    const plan = readPlanFile();
    await ensureIndexes(db);
    await loadPlanIntoDb(db, directWrites, plan.data);
    const store = new MongoPlanStore(db, { writes: directWrites });
    await store.recordUpdate({
      itemId: '7', action: 7, status: 'on-track', note: 'kept', at: new Date(), requestKey: 'k1',
      by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] }, source: { platform: 'cli' },
    });
    await loadPlanIntoDb(db, directWrites, plan.data);
    await ensureIndexes(db);
    expect(await db.collection(COLLECTIONS.actions).countDocuments()).toBe(18);
    expect(await db.collection(COLLECTIONS.agencies).countDocuments()).toBe(plan.agencies.length);
    expect((await store.history('7')).map((u) => u.note)).toEqual(['kept']);
    const action13 = await db.collection(COLLECTIONS.actions).findOne({ _id: 13 as never });
    expect(action13?.parts.map((p: { letter: string }) => p.letter)).toEqual(['a', 'b', 'c']);
  });

  it('claims a request key once through the unique index', async () => {
    const db = client.db(testDbName('claim'));
    await ensureIndexes(db);
    const store = new MongoPlanStore(db, { writes: directWrites });
    const update = {
      itemId: '5', action: 5, status: 'on-track' as const, note: 'n', at: new Date(), requestKey: 'same',
      by: { platform: 'slack' as const, userId: 'u', displayName: 'U', agencies: ['police'] }, source: { platform: 'slack' as const },
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.recordUpdate(update)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.update.id)).size).toBe(1);
    expect(await store.history('5')).toHaveLength(1);
  });
});

// Several instances (issue 6, item 4): a deployment starts its instances at
// the same moment, on a database that may be fresh. Every one of them must
// come up — each creates the indexes and loads the plan, idempotently, while
// the others do the same.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import { connectDatabase } from '../../src/store/connect.js';
import { loadPlanIntoDb } from '../../src/store/load-plan-into-db.js';
import { testDbName } from '../support/test-env.js';
import { startBotProcess, stopAll, type BotProcess } from '../stress-support/bot-process.js';
import { ensureBuilt } from '../stress-support/ensure-built.js';

const ROUNDS = 3;
const INSTANCES = 3;
const started: BotProcess[] = [];
let client: MongoClient;

beforeAll(() => {
  ensureBuilt();
  client = new MongoClient(inject('mongoUri'));
});
afterAll(async () => {
  await stopAll(started);
  await client.close();
});

describe('instances starting together on a fresh database', () => {
  // What each instance does at start, from three connections at the same moment (the processes
  // below rarely line up this exactly; under load they did, and one instance failed to start).
  it('three instances loading the plan at the same moment all succeed', async () => {
    const plan = readPlanFile();
    const dbName = testDbName('plan');
    const databases = await Promise.all(Array.from({ length: INSTANCES }, () => connectDatabase(inject('mongoUri'), dbName)));
    try {
      const results = await Promise.allSettled(databases.map((d) => loadPlanIntoDb(d.db, d.writes, plan.data)));
      expect(results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []))).toEqual([]);
      expect(await databases[0]!.db.collection('plan_agencies').countDocuments()).toBe(plan.agencies.length);
    } finally {
      await databases[0]!.db.dropDatabase();
      await Promise.all(databases.map((d) => d.close()));
    }
  });

  it(`all ${INSTANCES} come up, ${ROUNDS} times running, with the plan loaded once`, async () => {
    const plan = readPlanFile();
    for (let round = 1; round <= ROUNDS; round++) {
      const dbName = testDbName('start');
      const results = await Promise.allSettled(
        Array.from({ length: INSTANCES }, (_, i) =>
          startBotProcess(`start-${round}-${i + 1}`, { MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName, LOG_LEVEL: 'warn' }, { readyTimeoutMs: 30_000 }),
        ),
      );
      const up = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      started.push(...up);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message).split('\n').slice(-1)[0]] : []));
      expect(failures, `round ${round}: instances that could not start`).toEqual([]);
      const db = client.db(dbName);
      expect(await db.collection('plan_agencies').countDocuments()).toBe(plan.agencies.length);
      expect(await db.collection('plan_actions').countDocuments()).toBe(plan.actions.length);
      await stopAll(up);
      await db.dropDatabase();
    }
  });
});

// An engine over a real database (the suite's FerretDB), one fresh database per call.
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { createEngine, type Engine } from '../../src/core/engine.js';
import type { Identity } from '../../src/core/identity.js';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import type { Plan } from '../../src/core/plan/plan.js';
import { ensureIndexes } from '../../src/store/collections.js';
import { MongoAwayStore } from '../../src/store/mongo-away-store.js';
import { MongoMilestoneStore } from '../../src/store/mongo-milestone-store.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { memoryLogger, testDbName } from './test-env.js';
import { directWrites } from '../../src/store/write-queue.js';

export interface EngineFixture {
  engine: Engine;
  plan: Plan;
  store: MongoPlanStore;
  client: MongoClient;
  dbName: string;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function engineFixture(options: { admins?: string[]; uri?: string } = {}): Promise<EngineFixture> {
  const client = new MongoClient(options.uri ?? inject('mongoUri'), { serverSelectionTimeoutMS: 1500 });
  const dbName = testDbName('engine');
  const db = client.db(dbName);
  await ensureIndexes(db);
  const plan = readPlanFile();
  const store = new MongoPlanStore(db, { writes: directWrites });
  const clock = { now: new Date('2026-11-26T09:00:00Z') };
  const engine = createEngine({
    plan, store, admins: options.admins ?? ['steward@tsoc.example.nz'], timeZone: 'Pacific/Auckland', staleAfterDays: 14,
    logger: memoryLogger(), now: () => clock.now, away: new MongoAwayStore(db, directWrites), milestones: new MongoMilestoneStore(db, directWrites),
  });
  return { engine, plan, store, client, dbName, clock, close: () => client.close() };
}

export function person(email: string, displayName = email.split('@')[0]!): Identity {
  return { platform: 'slack', userId: `U_${email}`, displayName, email };
}

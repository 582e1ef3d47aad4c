// An engine whose stores write the audit log, over a database of the test's own.
import { MongoClient, type Db } from 'mongodb';
import { inject } from 'vitest';
import { openAudit, type AuditLog } from '../../../src/audit/open-audit.js';
import { createEngine, type Engine } from '../../../src/core/engine.js';
import { readPlanFile } from '../../../src/core/plan/load-plan.js';
import type { Plan } from '../../../src/core/plan/plan.js';
import { ensureIndexes } from '../../../src/store/collections.js';
import { MongoAwayStore } from '../../../src/store/mongo-away-store.js';
import { MongoMilestoneStore } from '../../../src/store/mongo-milestone-store.js';
import { MongoPlanStore } from '../../../src/store/mongo-store.js';
import { memoryLogger, testDbName } from '../../support/test-env.js';
import { directWrites } from '../../../src/store/write-queue.js';

export interface AuditFixture {
  client: MongoClient;
  db: Db;
  dbName: string;
  plan: Plan;
  audit: AuditLog;
  engine: Engine;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function auditFixture(dbName = testDbName('audit')): Promise<AuditFixture> {
  const client = new MongoClient(inject('mongoUri'), { serverSelectionTimeoutMS: 1500 });
  const db = client.db(dbName);
  await ensureIndexes(db);
  const plan = readPlanFile();
  const clock = { now: new Date('2026-11-26T09:00:00Z') };
  const audit = openAudit(db, { timeZone: 'Pacific/Auckland', writes: directWrites, instance: 'test-instance', now: () => clock.now });
  const engine = createEngine({
    plan, store: audit.plan(new MongoPlanStore(db, { writes: directWrites })), admins: ['steward@tsoc.example.nz'], timeZone: 'Pacific/Auckland', staleAfterDays: 14,
    logger: memoryLogger(), now: () => clock.now,
    away: audit.away(new MongoAwayStore(db, directWrites)), milestones: audit.milestones(new MongoMilestoneStore(db, directWrites)),
  });
  return { client, db, dbName, plan, audit, engine, clock, close: () => client.close() };
}

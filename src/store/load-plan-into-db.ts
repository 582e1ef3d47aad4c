// Writes the plan's actions and agencies into the database at start-up.
// Idempotent: it replaces plan documents by id and never touches updates.
import type { Db } from 'mongodb';
import type { PlanData } from '../core/plan/plan-schema.js';
import { collections } from './collections.js';
import { guard, isDuplicateKey } from './mongo-errors.js';
import type { WriteQueue } from './write-queue.js';

/**
 * An upsert, tried once more when it loses a race: instances starting together on a fresh
 * database both find no document and both insert; the second gets a duplicate key (FerretDB
 * does not retry that itself) and now replaces the document the first inserted.
 */
async function upsertOnce(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await write();
  }
}

export async function loadPlanIntoDb(db: Db, writes: WriteQueue, plan: PlanData, now = new Date()): Promise<void> {
  const c = collections(db);
  const upsert = (write: () => Promise<unknown>) => writes(() => upsertOnce(write));
  await guard('loading the plan', async () => {
    for (const agency of plan.agencies) {
      await upsert(() => c.agencies.replaceOne({ _id: agency.id }, { ...agency }, { upsert: true }));
    }
    for (const action of plan.actions) {
      await upsert(() => c.actions.replaceOne({ _id: action.number }, { ...action }, { upsert: true }));
    }
    await upsert(() => c.meta.replaceOne({ _id: 'plan' }, { title: plan.title, version: plan.version, loadedAt: now }, { upsert: true }));
  });
}

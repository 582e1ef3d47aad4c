// Writes the plan's actions and agencies into the database at start-up.
// Idempotent: it replaces plan documents by id and never touches updates.
import type { Db } from 'mongodb';
import type { PlanData } from '../core/plan/plan-schema.js';
import { collections } from './collections.js';
import { guard } from './mongo-errors.js';

export async function loadPlanIntoDb(db: Db, plan: PlanData, now = new Date()): Promise<void> {
  const c = collections(db);
  await guard('loading the plan', async () => {
    for (const agency of plan.agencies) {
      await c.agencies.replaceOne({ _id: agency.id }, { ...agency }, { upsert: true });
    }
    for (const action of plan.actions) {
      await c.actions.replaceOne({ _id: action.number }, { ...action }, { upsert: true });
    }
    await c.meta.replaceOne({ _id: 'plan' }, { title: plan.title, version: plan.version, loadedAt: now }, { upsert: true });
  });
}

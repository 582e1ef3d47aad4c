// When the plan went live, for the digest's quiet start: PLAN_START when it is
// set, else the first start against this database, stored once. The first
// instance's insert on the fixed _id wins; every other instance (at the same
// moment or years later) reads what it stored. Never updated.
import type { Db } from 'mongodb';
import { guard } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { insertClaim } from './mongo-delivery-store.js';

export const DIGEST_SETTINGS = 'digest_settings';
const PLAN_START_ID = 'plan-start';

interface SettingDoc {
  _id: string;
  at: Date;
}

/** The plan's go-live date: `configured`, else the stored first start (storing `now` if none yet). */
export async function resolvePlanStart(db: Db, configured: Date | undefined, now: Date, writes: WriteQueue): Promise<Date> {
  if (configured) return configured;
  const settings = db.collection<SettingDoc>(DIGEST_SETTINGS);
  const stored = await guard('reading the plan start', () => settings.findOne({ _id: PLAN_START_ID }));
  if (stored) return stored.at;
  await insertClaim(writes, 'storing the plan start', () => settings.insertOne({ _id: PLAN_START_ID, at: now }));
  // Another instance may have stored its own first: whatever is there now stands for everyone.
  const first = await guard('reading the plan start', () => settings.findOne({ _id: PLAN_START_ID }));
  return first?.at ?? now;
}

/** A resolver that reads (and, the first time, stores) the plan start once per process. */
export function planStartResolver(db: Db, configured: Date | undefined, now: () => Date, writes: WriteQueue): () => Promise<Date> {
  let found: Promise<Date> | undefined;
  return () => (found ??= resolvePlanStart(db, configured, now(), writes).catch((err: unknown) => {
    found = undefined; // the database was away: ask again next time
    throw err;
  }));
}

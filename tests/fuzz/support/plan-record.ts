// What the plan's record holds, so a test can say "nothing was stored": the
// append-only logs (updates, memberships, tags) by count, and the
// current-status projection and digest subscriptions by content (those are
// upserted or removed, not appended).
// The people directory, Slack event claims and Teams conversation references
// are bookkeeping any request may touch; they are not the record.
import type { Db } from 'mongodb';

export interface RecordSnapshot {
  updates: number;
  memberships: number;
  tags: number;
  /** JSON of digest_subscriptions, sorted by _id. */
  subscriptions: string;
  /** JSON of latest_status, sorted by _id. */
  latest: string;
}

export async function snapshot(db: Db): Promise<RecordSnapshot> {
  const [updates, memberships, tags, subscriptions, latest] = await Promise.all([
    db.collection('status_updates').countDocuments(),
    db.collection('memberships').countDocuments(),
    db.collection('action_tags').countDocuments(),
    db.collection('digest_subscriptions').find({}, { sort: { _id: 1 } }).toArray(),
    db.collection('latest_status').find({}, { sort: { _id: 1 } }).toArray(),
  ]);
  return { updates, memberships, tags, subscriptions: JSON.stringify(subscriptions), latest: JSON.stringify(latest) };
}

/** The plan data loaded at start-up (actions, agencies, meta): no command may change it. */
export async function planData(db: Db): Promise<string> {
  const names = ['plan_actions', 'plan_agencies', 'plan_meta'];
  const docs = await Promise.all(names.map((name) => db.collection(name).find({}, { sort: { _id: 1 } }).toArray()));
  return JSON.stringify(docs);
}

/** The newest status updates, oldest of them first (for checking what a save stored). */
export async function lastUpdates(db: Db, n = 1): Promise<Record<string, unknown>[]> {
  const docs = await db.collection('status_updates').find({}, { sort: { _id: -1 }, limit: n }).toArray();
  return docs.reverse();
}

// Collection names, document shapes and the indexes created at start-up.
import type { Db, ObjectId } from 'mongodb';
import type { KnownPerson, MembershipChange, NewStatusUpdate, TagChange } from '../core/store-port.js';
import type { Packed } from './packed.js';

export interface UpdateDoc extends NewStatusUpdate {
  _id: ObjectId;
}
export interface MembershipDoc extends MembershipChange {
  _id: ObjectId;
}
export interface TagDoc extends TagChange {
  _id: ObjectId;
}

/**
 * The latest update of one item: a projection of the append-only log, kept so
 * that reading current statuses does not scan the log (FerretDB's SQLite
 * backend scans a collection for every query). The log stays the record.
 */
export interface LatestDoc {
  _id: string;
  /** `${at ISO}:${update id}`: orders updates, ties broken by id. */
  key: string;
  /** Packed (packed.ts): nothing filters on it, and FerretDB reads every one of these for a conditional update. */
  update: Packed<UpdateDoc>;
  /** Where the item's newest history version is (item_history); may lag a little: readers read forward. */
  historyRev?: number;
}

/**
 * An item's newest updates (newest first, at most HISTORY_KEEP), one version of them: a second
 * projection of the log, so that `history` reads documents by `_id` instead of scanning the log
 * (FerretDB 1.x filters anything else itself; `_id` it compares in SQLite, much more cheaply, though
 * still row by row: history-projection.ts). Each write inserts
 * the next version (`${itemId}#${rev}`): an insert claims its `_id` atomically, on FerretDB too,
 * so writers from several instances never overwrite each other (see history-projection.ts).
 * Entries are copies of log documents, added only after the log acknowledged them; the log stays
 * the record and rebuilds it.
 */
export interface HistoryDoc {
  /** `${itemId}#${rev}` */
  _id: string;
  itemId: string;
  rev: number;
  /** latestKey of the newest entry. */
  key: string;
  entries: UpdateDoc[];
  /** true when `entries` hold every update of the item (it never had more than HISTORY_KEEP). */
  complete: boolean;
}

/** A history version as stored: its entries packed (packed.ts). */
export type StoredHistoryDoc = Omit<HistoryDoc, 'entries'> & { entries: Packed<UpdateDoc[]> };

/** A request key, found by `_id`: what a request delivered again finds instead of scanning the log. */
export interface RequestKeyDoc {
  _id: string;
  update: Packed<UpdateDoc>;
}

/** Each update's key, made once per update object (a history version's merge and sort ask for it again and again). */
const keys = new WeakMap<UpdateDoc, string>();

/** Orders updates in the projections: by time, ties broken by id. */
export function latestKey(doc: UpdateDoc): string {
  let key = keys.get(doc);
  if (key === undefined) {
    key = `${doc.at.toISOString()}:${doc._id.toHexString()}`;
    keys.set(doc, key);
  }
  return key;
}

export interface PersonDoc extends KnownPerson {
  /** `${platform}:${userId}` */
  _id: string;
}

export const COLLECTIONS = {
  actions: 'plan_actions',
  agencies: 'plan_agencies',
  meta: 'plan_meta',
  updates: 'status_updates',
  latest: 'latest_status',
  history: 'item_history',
  requestKeys: 'request_keys',
  memberships: 'memberships',
  tags: 'action_tags',
  people: 'people',
} as const;

export function collections(db: Db) {
  return {
    actions: db.collection<{ _id: number } & Record<string, unknown>>(COLLECTIONS.actions),
    agencies: db.collection<{ _id: string } & Record<string, unknown>>(COLLECTIONS.agencies),
    meta: db.collection<{ _id: string } & Record<string, unknown>>(COLLECTIONS.meta),
    updates: db.collection<UpdateDoc>(COLLECTIONS.updates),
    latest: db.collection<LatestDoc>(COLLECTIONS.latest),
    history: db.collection<StoredHistoryDoc>(COLLECTIONS.history),
    requestKeys: db.collection<RequestKeyDoc>(COLLECTIONS.requestKeys),
    memberships: db.collection<MembershipDoc>(COLLECTIONS.memberships),
    tags: db.collection<TagDoc>(COLLECTIONS.tags),
    people: db.collection<PersonDoc>(COLLECTIONS.people),
  };
}

/** Creates every index the store relies on; safe to run at every start. */
export async function ensureIndexes(db: Db): Promise<void> {
  const c = collections(db);
  // A request key is claimed by the first insert: retries and replays hit the unique index.
  await c.updates.createIndex({ requestKey: 1 }, { unique: true, name: 'requestKey_unique' });
  await c.updates.createIndex({ itemId: 1, at: -1 }, { name: 'item_at' });
  await c.updates.createIndex({ at: 1 }, { name: 'at' });
  await c.memberships.createIndex({ email: 1, at: 1 }, { name: 'email_at' });
  await c.memberships.createIndex({ agency: 1 }, { name: 'agency' });
  await c.tags.createIndex({ action: 1, at: -1 }, { name: 'action_at' });
  await c.people.createIndex({ email: 1 }, { name: 'email' });
}

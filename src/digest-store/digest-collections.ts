// The digest module's collections and document shapes. Every claim is an
// insert against the unique _id; every read is by _id. FerretDB 1.x answers
// nothing else from an index: other queries scan the collection, and so do
// updates, so the collections that grow with every slot (claims, attempts,
// attempt ends, outcomes, nudges) are written by inserts only.
import type { Db } from 'mongodb';
import type { Subscription } from '../core/digest/digest-port.js';
import type { AttemptEnd, AttemptRecord, ClaimRecord, OutcomeRecord } from '../core/digest/delivery-port.js';
import { guard } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';

export type SubscriptionDoc = Omit<Subscription, 'id'> & { _id: string };
/** _id: the delivery key `${subscriptionId}@${slot ISO}`. */
export type ClaimDoc = Omit<ClaimRecord, 'key'> & { _id: string };
/** _id: `${delivery key}#${n}`. */
export type AttemptDoc = Omit<AttemptRecord, keyof AttemptEnd> & { _id: string };
/** _id: the attempt's _id; written once, by the attempt's holder. */
export type AttemptEndDoc = AttemptEnd & { _id: string };
/** _id: the delivery key. */
export type OutcomeDoc = Omit<OutcomeRecord, 'key'> & { _id: string };
export interface InstanceDoc {
  _id: string;
  startedAt: Date;
  lastSeen: Date;
  stoppedAt?: Date;
  /** Slots this instance is working on (claims it may hold open). */
  busy: Date[];
}
export interface NudgeDoc {
  _id: string;
  at: Date;
}

export const DIGEST_COLLECTIONS = {
  subscriptions: 'digest_subscriptions',
  claims: 'digest_claims',
  attempts: 'digest_attempts',
  attemptEnds: 'digest_attempt_ends',
  outcomes: 'digest_outcomes',
  instances: 'digest_instances',
  nudgeRuns: 'nudge_runs',
  nudges: 'nudge_items',
} as const;

export function digestCollections(db: Db) {
  const c = DIGEST_COLLECTIONS;
  return {
    subscriptions: db.collection<SubscriptionDoc>(c.subscriptions),
    claims: db.collection<ClaimDoc>(c.claims),
    attempts: db.collection<AttemptDoc>(c.attempts),
    attemptEnds: db.collection<AttemptEndDoc>(c.attemptEnds),
    outcomes: db.collection<OutcomeDoc>(c.outcomes),
    instances: db.collection<InstanceDoc>(c.instances),
    nudgeRuns: db.collection<NudgeDoc>(c.nudgeRuns),
    nudges: db.collection<NudgeDoc>(c.nudges),
  };
}

/** Instance records not seen for this long are removed at start (each start adds one). */
const FORGET_INSTANCES_MS = 7 * 86_400_000;

/**
 * Run at start-up. The collections need no index beyond the unique _id; this keeps the
 * instance list (read by every sweep) short.
 */
export async function prepareDigestStore(db: Db, writes: WriteQueue, now = new Date()): Promise<void> {
  const c = digestCollections(db);
  await writes(() => guard('pruning old instances', () => c.instances.deleteMany({ lastSeen: { $lt: new Date(now.getTime() - FORGET_INSTANCES_MS) } })));
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

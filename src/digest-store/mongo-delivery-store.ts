// Claims, attempts and outcomes of digest deliveries on MongoDB/FerretDB:
// inserts against unique _ids for everything exclusive, reads by _id only.
// Nothing is updated: FerretDB 1.x scans a collection to update it.
import type { Db } from 'mongodb';
import { deliveryKey, type AttemptEnd, type AttemptRecord, type ClaimRecord, type DeliveryStore, type LastSent, type OutcomeRecord } from '../core/digest/delivery-port.js';
import { MongoBulkWriteError } from 'mongodb';
import { StoreUnavailableError } from '../core/store-port.js';
import { DUPLICATE_KEY, guard, isDuplicateKey } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { digestCollections, mapLimit, type ClaimDoc, type OutcomeDoc } from './digest-collections.js';

/** Point reads run this many at a time. */
export const READ_CONCURRENCY = 16;

/** Inserts (through the write queue); false when the _id exists already (someone else holds it). */
export async function insertClaim(writes: WriteQueue, what: string, insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await writes(() => guard(what, insert));
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export const attemptId = (key: string, n: number) => `${key}#${n}`;

export function toClaim({ _id, ...rest }: ClaimDoc): ClaimRecord {
  return { key: _id, ...rest };
}

export function toOutcome({ _id, ...rest }: OutcomeDoc): OutcomeRecord {
  return { key: _id, ...rest };
}

export class MongoDeliveryStore implements DeliveryStore {
  private readonly c;

  /** `writes`: the bot's write queue (one write at a time on FerretDB; see store/write-queue.ts). */
  constructor(db: Db, private readonly writes: WriteQueue) {
    this.c = digestCollections(db);
  }

  claim({ key, ...rest }: ClaimRecord): Promise<boolean> {
    return insertClaim(this.writes, 'claiming a digest', () => this.c.claims.insertOne({ _id: key, ...rest }));
  }

  async claimAll(claims: readonly ClaimRecord[]): Promise<Set<string>> {
    const won = new Set(claims.map((c) => c.key));
    if (claims.length === 0) return won;
    try {
      // Unordered: every document is inserted (or refused) on its own against the unique _id.
      await this.writes(() => guard('claiming digests', () => this.c.claims.insertMany(claims.map(({ key, ...rest }) => ({ _id: key, ...rest })), { ordered: false })));
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError)) throw err;
      const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      for (const e of errors) won.delete(claims[e.index]!.key);
      // Anything but "someone else has it" leaves this run unsure: it fails, and the sweep takes
      // over whatever it did claim (those claims name this instance and are not in flight).
      const other = errors.find((e) => e.code !== DUPLICATE_KEY);
      if (other) throw new StoreUnavailableError(`claiming digests: ${other.errmsg ?? 'write failed'}`);
    }
    return won;
  }

  startAttempt({ key, slot, n, page, owner, startedAt }: AttemptRecord): Promise<boolean> {
    return insertClaim(this.writes, 'starting a digest attempt', () => this.c.attempts.insertOne({ _id: attemptId(key, n), key, slot, n, page, owner, startedAt }));
  }

  async endAttempt(key: string, n: number, end: AttemptEnd): Promise<void> {
    // Only the attempt's holder ends it, once; a repeat would be that holder's own retry of this write.
    await insertClaim(this.writes, 'ending a digest attempt', () => this.c.attemptEnds.insertOne({ _id: attemptId(key, n), ...end }));
  }

  recordOutcome({ key, ...rest }: OutcomeRecord): Promise<boolean> {
    return insertClaim(this.writes, 'recording a digest outcome', () => this.c.outcomes.insertOne({ _id: key, ...rest }));
  }

  /** Attempts of one delivery, by _id (#1, #2, … until one is missing). */
  async attempts(key: string): Promise<AttemptRecord[]> {
    const out: AttemptRecord[] = [];
    for (let n = 1; ; n++) {
      const id = attemptId(key, n);
      const doc = await guard('reading digest attempts', () => this.c.attempts.findOne({ _id: id }));
      if (!doc) return out;
      const end = await guard('reading digest attempts', () => this.c.attemptEnds.findOne({ _id: id }));
      const { _id, ...attempt } = doc;
      if (end) {
        const { _id: _endId, ...ended } = end;
        out.push({ ...attempt, ...ended });
      } else {
        out.push(attempt);
      }
    }
  }

  async unfinished(keys: readonly string[]): Promise<{ claim: ClaimRecord; attempts: AttemptRecord[] }[]> {
    const found = await mapLimit(keys, READ_CONCURRENCY, async (key) => {
      const claim = await guard('reading a digest claim', () => this.c.claims.findOne({ _id: key }));
      if (!claim) return undefined;
      const outcome = await guard('reading a digest outcome', () => this.c.outcomes.findOne({ _id: key }, { projection: { _id: 1 } }));
      return outcome ? undefined : { claim: toClaim(claim), attempts: await this.attempts(key) };
    });
    return found.filter((x) => x !== undefined);
  }

  async lastSent(subscriptionId: string, slots: readonly Date[]): Promise<LastSent | undefined> {
    for (const slot of slots) {
      const doc = await guard('reading the last digest', () => this.c.outcomes.findOne({ _id: deliveryKey(subscriptionId, slot) }));
      if (doc?.state === 'sent') return { slot: doc.slot, contentAsOf: doc.contentAsOf ?? doc.slot };
    }
    return undefined;
  }
}

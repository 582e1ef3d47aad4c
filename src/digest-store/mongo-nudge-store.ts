// Nudge claims: a person's nudge run for a slot, and each (person, item,
// stale period) they were told about. Inserts only; the first one wins.
import type { Db } from 'mongodb';
import type { NudgeStore } from '../core/digest/delivery-port.js';
import { digestCollections } from './digest-collections.js';
import { insertClaim } from './mongo-delivery-store.js';
import type { WriteQueue } from '../store/write-queue.js';

export class MongoNudgeStore implements NudgeStore {
  private readonly c;

  constructor(db: Db, private readonly writes: WriteQueue) {
    this.c = digestCollections(db);
  }

  claimRun(key: string, at: Date): Promise<boolean> {
    return insertClaim(this.writes, 'claiming a nudge run', () => this.c.nudgeRuns.insertOne({ _id: key, at }));
  }

  claimItem(key: string, at: Date): Promise<boolean> {
    return insertClaim(this.writes, 'claiming a nudge', () => this.c.nudges.insertOne({ _id: key, at }));
  }
}

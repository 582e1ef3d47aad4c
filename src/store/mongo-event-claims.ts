// The Slack surface's event claims (slack/event-claim-port.ts) in MongoDB: each
// event id is claimed once by an insert against the unique _id (docs/decisions/0003);
// whoever gets the duplicate-key error knows the event is already being handled.
import type { Db } from 'mongodb';
import type { Logger } from '../core/logger.js';
import type { ClaimResult, EventClaimPort } from '../slack/event-claim-port.js';
import { guard, isDuplicateKey } from './mongo-errors.js';
import type { WriteQueue } from './write-queue.js';

export const EVENT_CLAIMS = 'slack_event_claims';

export class MongoEventClaims implements EventClaimPort {
  private readonly col;

  constructor(db: Db, private readonly writes: WriteQueue, private readonly logger: Logger) {
    this.col = db.collection<{ _id: string; at: Date }>(EVENT_CLAIMS);
  }

  /** 'unknown' when the database cannot say: the caller goes ahead (an update has its own request key). */
  async claim(key: string, at = new Date()): Promise<ClaimResult> {
    try {
      await this.writes(() => guard('claiming a Slack event', () => this.col.insertOne({ _id: key, at })));
      return 'claimed';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      this.logger.warn('could not claim slack event', { key, error: err });
      return 'unknown';
    }
  }

  /** Forgets claims older than Slack's last retry (5 minutes) by a wide margin. */
  async prune(olderThan: Date): Promise<void> {
    try {
      await this.writes(() => guard('pruning Slack event claims', () => this.col.deleteMany({ at: { $lt: olderThan } })));
    } catch (err) {
      this.logger.warn('could not prune slack event claims', { error: err });
    }
  }
}

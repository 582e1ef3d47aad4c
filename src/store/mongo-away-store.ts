// Time away in MongoDB: one insert per `away`/`back`, never updated. The
// collection holds a few records per person a year, so reading all of it to
// find who is away now is cheap, and needs no index (FerretDB 1.x would scan
// anyway: it uses indexes only for _id).
import { ObjectId, type Db } from 'mongodb';
import type { AwayStore, TimeAway, TimeAwayChange } from '../core/away-port.js';
import { guard } from './mongo-errors.js';
import type { WriteQueue } from './write-queue.js';

type TimeAwayDoc = TimeAwayChange & { _id: ObjectId };

export const TIME_AWAY = 'time_away';

export class MongoAwayStore implements AwayStore {
  private readonly c;

  constructor(db: Db, private readonly writes: WriteQueue) {
    this.c = db.collection<TimeAwayDoc>(TIME_AWAY);
  }

  async record(change: TimeAwayChange): Promise<void> {
    await this.writes(() => guard('saving time away', () => this.c.insertOne({ _id: new ObjectId(), ...change, email: change.email.toLowerCase() })));
  }

  async awayAt(now: Date): Promise<Map<string, TimeAway>> {
    return guard('reading time away', async () => {
      const latest = new Map<string, TimeAwayDoc>();
      for (const doc of await this.c.find({}).sort({ at: 1, _id: 1 }).toArray()) latest.set(doc.email, doc);
      const away = new Map<string, TimeAway>();
      for (const [email, doc] of latest) {
        if (doc.effect !== 'away' || !doc.until || doc.until.getTime() <= now.getTime()) continue;
        away.set(email, { email, displayName: doc.by.displayName, agencies: doc.by.agencies, until: doc.until, note: doc.note });
      }
      return away;
    });
  }
}

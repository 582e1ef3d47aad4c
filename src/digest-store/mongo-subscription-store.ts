// Subscriptions (one per channel) and the per-slot delivery view the
// `digest status` command reads. A subscription is a directory entry, like a
// known person: replacing it is the point, and `unsubscribe` removes it.
import type { Db } from 'mongodb';
import type { DeliveryRecord, DigestStore, Subscription } from '../core/digest/digest-port.js';
import { guard } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { deliveryKey } from '../core/digest/delivery-port.js';
import { digestCollections, mapLimit, type SubscriptionDoc } from './digest-collections.js';
import { MongoDeliveryStore, READ_CONCURRENCY } from './mongo-delivery-store.js';

function toSubscription({ _id, ...rest }: SubscriptionDoc): Subscription {
  return { id: _id, ...rest };
}

export class MongoSubscriptionStore implements DigestStore {
  private readonly c;
  private readonly delivery;

  constructor(db: Db, private readonly writes: WriteQueue) {
    this.c = digestCollections(db);
    this.delivery = new MongoDeliveryStore(db, writes);
  }

  async subscribe({ id, ...rest }: Subscription): Promise<Subscription | undefined> {
    // Read, then replace (no findOneAnd*: docs/decisions/0003): two people subscribing one channel at the
    // same moment both succeed and the later write stands, which is what each was told.
    const before = await this.subscription(id);
    await this.writes(() => guard('saving the subscription', () => this.c.subscriptions.replaceOne({ _id: id }, rest, { upsert: true })));
    return before;
  }

  async unsubscribe(id: string): Promise<Subscription | undefined> {
    const existing = await this.subscription(id);
    if (existing) await this.writes(() => guard('removing the subscription', () => this.c.subscriptions.deleteOne({ _id: id })));
    return existing;
  }

  async subscription(id: string): Promise<Subscription | undefined> {
    const doc = await guard('reading the subscription', () => this.c.subscriptions.findOne({ _id: id }));
    return doc ? toSubscription(doc) : undefined;
  }

  async subscriptions(): Promise<Subscription[]> {
    const docs = await guard('reading subscriptions', () => this.c.subscriptions.find({}).sort({ _id: 1 }).toArray());
    return docs.map(toSubscription);
  }

  async deliveries(slot: Date): Promise<Map<string, DeliveryRecord>> {
    const subs = await this.subscriptions();
    const records = await mapLimit(subs, READ_CONCURRENCY, async (sub) => {
      const key = deliveryKey(sub.id, slot);
      const claim = await guard('reading a digest claim', () => this.c.claims.findOne({ _id: key }));
      if (!claim) return undefined;
      const outcome = await guard('reading a digest outcome', () => this.c.outcomes.findOne({ _id: key }));
      const record: DeliveryRecord = {
        subscriptionId: claim.subscriptionId,
        slot: claim.slot,
        state: outcome?.state ?? 'pending',
        late: claim.late,
        claimedAt: claim.claimedAt,
        attempts: outcome?.attempts ?? (await this.delivery.attempts(key)).length,
      };
      if (outcome) {
        record.at = outcome.at;
        if (outcome.messageId) record.messageId = outcome.messageId;
        if (outcome.error) record.error = outcome.error;
        if (outcome.recovered) record.recovered = true;
      }
      return record;
    });
    return new Map(records.filter((r) => r !== undefined).map((r) => [r.subscriptionId, r]));
  }
}

// One subscription per channel: earlier Teams versions keyed a channel's
// subscription by the thread it was made from ("19:…@thread.tacv2;messageid=…"),
// so one channel could hold several and get the digest several times. At start
// they are merged into one under the channel's own id: the newest (by when it
// was made) wins and the others are logged.
//
// Every instance may run this at the same moment, on FerretDB, which has no
// transactions and applies a conditional update as a read then a write. So:
// the merged subscription is claimed by an insert against the unique _id; the
// winner is a pure function of the documents (newest `since`, then _id), so
// every instance that writes writes the same thing; the channel's document is
// written before any thread's is removed, so an instance that reads late still
// sees the winner among what is left. Slots up to the merge were the old
// subscriptions' to deliver (owedFrom), so the merged one is not sent the
// latest slot again as a catch-up.
import type { Db } from 'mongodb';
import { subscriptionId, type Subscription } from '../core/digest/digest-port.js';
import type { Logger } from '../core/logger.js';
import { guard, isDuplicateKey } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { digestCollections, type SubscriptionDoc } from './digest-collections.js';

const newer = (a: SubscriptionDoc, b: SubscriptionDoc) =>
  b.since.getTime() > a.since.getTime() || (b.since.getTime() === a.since.getTime() && b._id > a._id) ? b : a;

const describe = (d: SubscriptionDoc) => ({ id: d._id, agency: d.agency, by: d.by.displayName, since: d.since.toISOString() });

/**
 * Merges Teams subscriptions whose channel ids share a key (`key` drops the thread suffix).
 * Returns the number of channels merged.
 */
export async function mergeTeamsSubscriptions(db: Db, key: (channelId: string) => string, now: Date, logger: Logger, writes: WriteQueue): Promise<number> {
  const c = digestCollections(db).subscriptions;
  const teams = await guard('reading teams subscriptions', () => c.find({ platform: 'teams' }).toArray());
  const groups = new Map<string, SubscriptionDoc[]>();
  for (const doc of teams) {
    if (key(doc.channelId) === doc.channelId) continue;
    const channel = key(doc.channelId);
    groups.set(channel, [...(groups.get(channel) ?? []), doc]);
  }
  for (const [channel, threads] of groups) {
    const id = subscriptionId('teams', channel);
    const existing = teams.find((d) => d._id === id);
    const newestThread = threads.reduce(newer);
    // The channel's own (a subscribe since the upgrade, or another instance's merge) wins ties.
    const winner = existing && existing.since.getTime() >= newestThread.since.getTime() ? existing : newestThread;
    const merged: Omit<Subscription, 'id'> = {
      platform: 'teams', channelId: channel, agency: winner.agency, by: winner.by, since: winner.since,
      owedFrom: existing?.owedFrom ?? now,
    };
    if (!existing) {
      try {
        await writes(() => guard('merging teams subscriptions', () => c.insertOne({ _id: id, ...merged })));
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // another instance merged first: the same winner
      }
    } else if (winner !== existing) {
      // Only while it is still the one read: a subscribe made since then stands.
      await writes(() => guard('merging teams subscriptions', () => c.replaceOne({ _id: id, since: existing.since, agency: existing.agency }, merged)));
    }
    for (const t of threads) await writes(() => guard('merging teams subscriptions', () => c.deleteOne({ _id: t._id })));
    const dropped = [...threads, ...(existing ? [existing] : [])].filter((d) => d !== winner);
    logger.info('teams subscriptions merged into one per channel', {
      channel, kept: describe(winner), dropped: dropped.map(describe),
      ...(dropped.some((d) => d.agency !== winner.agency) ? { note: 'they disagreed: the newest stands' } : {}),
    });
  }
  return groups.size;
}

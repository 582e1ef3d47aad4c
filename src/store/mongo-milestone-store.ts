// Milestone events in MongoDB, append-only. An add is numbered per item by an
// insert whose _id is "<item>#<n>": two adds racing for the same number (from
// any instance) cannot both win, and the loser takes the next. A unique index
// on the request key applies a retried or replayed request once. The
// collection holds a few events per item, so reads take it whole.
import { ObjectId, type Db } from 'mongodb';
import type { MilestoneEvent, MilestoneStore, NewMilestoneEvent } from '../core/milestones/milestone-port.js';
import { guard, isDuplicateKey } from './mongo-errors.js';
import { SharedReads } from './shared-reads.js';
import type { WriteQueue } from './write-queue.js';

export const MILESTONE_EVENTS = 'milestone_events';
type EventDoc = MilestoneEvent & { _id: string | ObjectId };

/** Attempts at the next number when other adds to the same item keep winning it. */
const MAX_NUMBER_TRIES = 20;

export class MongoMilestoneStore implements MilestoneStore {
  private readonly c;
  private indexed?: Promise<unknown>;
  /** `show` reads an item's milestones; many people showing the same item at once share one read (shared-reads.ts). */
  private readonly reads = new SharedReads();

  constructor(db: Db, private readonly writes: WriteQueue) {
    this.c = db.collection<EventDoc>(MILESTONE_EVENTS);
  }

  private ready(): Promise<unknown> {
    this.indexed ??= guard('preparing milestones', () => this.c.createIndex({ requestKey: 1 }, { unique: true, name: 'requestKey_unique' })).catch((err: unknown) => {
      this.indexed = undefined;
      throw err;
    });
    return this.indexed;
  }

  async record(event: NewMilestoneEvent): Promise<{ event: MilestoneEvent; duplicate: boolean }> {
    await this.ready();
    const seen = await this.byRequest(event.requestKey);
    if (seen) return { event: seen, duplicate: true };
    for (let i = 0; i < MAX_NUMBER_TRIES; i++) {
      const number = event.kind === 'add' ? (await this.lastNumber(event.itemId)) + 1 : event.number!;
      const doc: EventDoc = { ...event, number, _id: event.kind === 'add' ? `${event.itemId}#${number}` : new ObjectId() };
      try {
        await this.writes(() => guard('saving the milestone', () => this.c.insertOne(doc)).finally(() => this.reads.wrote()));
        const { _id, ...saved } = doc;
        return { event: saved, duplicate: false };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const replay = await this.byRequest(event.requestKey);
        if (replay) return { event: replay, duplicate: true };
        if (event.kind !== 'add') throw err;
        // Another add took this number: try the next.
      }
    }
    throw new Error(`could not number a milestone of ${event.itemId} after ${MAX_NUMBER_TRIES} tries`);
  }

  async events(itemId?: string): Promise<MilestoneEvent[]> {
    return guard('reading milestones', async () => {
      const docs = await this.reads.run(`events:${itemId ?? '*'}`, () => this.c.find(itemId ? { itemId } : {}).sort({ at: 1, _id: 1 }).toArray());
      return docs.map(({ _id, ...rest }) => rest);
    });
  }

  private async byRequest(requestKey: string): Promise<MilestoneEvent | undefined> {
    const doc = await guard('reading milestones', () => this.c.findOne({ requestKey }));
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return rest;
  }

  private async lastNumber(itemId: string): Promise<number> {
    const adds = await guard('reading milestones', () => this.c.find({ itemId, kind: 'add' }).project<{ number: number }>({ number: 1 }).toArray());
    return adds.reduce((n, d) => Math.max(n, d.number), 0);
  }
}

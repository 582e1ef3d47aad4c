// Which bot instances are alive, and what they are working on: each writes a
// heartbeat to its own document (no contention) with the slots it has work
// open in, and marks itself stopped on shutdown. The collection is small
// (pruned at start), so it is read whole and filtered here.
import type { Db } from 'mongodb';
import type { InstanceRegistry } from '../core/digest/delivery-port.js';
import { guard } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';
import { digestCollections, type InstanceDoc } from './digest-collections.js';

export class MongoInstanceRegistry implements InstanceRegistry {
  private readonly c;

  constructor(db: Db, private readonly writes: WriteQueue) {
    this.c = digestCollections(db);
  }

  async heartbeat(instanceId: string, at: Date, busy: readonly Date[]): Promise<void> {
    await this.writes(() => guard('recording a heartbeat', () =>
      this.c.instances.updateOne({ _id: instanceId }, { $set: { lastSeen: at, busy: [...busy] }, $setOnInsert: { startedAt: at } }, { upsert: true }),
    ));
  }

  async stopped(instanceId: string, at: Date, busy: readonly Date[]): Promise<void> {
    await this.writes(() => guard('recording a stop', () => this.c.instances.updateOne({ _id: instanceId }, { $set: { stoppedAt: at, busy: [...busy] } })));
  }

  private async all(): Promise<InstanceDoc[]> {
    return guard('reading instances', () => this.c.instances.find({}).toArray());
  }

  async alive(since: Date): Promise<Set<string>> {
    return new Set((await this.all()).filter((d) => !d.stoppedAt && d.lastSeen.getTime() >= since.getTime()).map((d) => d._id));
  }

  async abandoned(since: Date): Promise<{ instanceId: string; busy: Date[] }[]> {
    return (await this.all())
      .filter((d) => (d.stoppedAt || d.lastSeen.getTime() < since.getTime()) && (d.busy ?? []).length > 0)
      .map((d) => ({ instanceId: d._id, busy: d.busy }));
  }

  async release(instanceId: string): Promise<void> {
    await this.writes(() => guard('releasing an instance', () => this.c.instances.updateOne({ _id: instanceId }, { $set: { busy: [] } })));
  }
}

// Current statuses are read from a projection (latest_status) that each write
// moves forward and a repair resets from the log shortly after (several
// instances racing on FerretDB can leave it one update behind for a moment).
// After a run it must match the log: what `status` shows is the newest update.
import type { Db } from 'mongodb';
import type { UpdateDoc } from '../../src/store/collections.js';
import { unpack, type Packed } from '../../src/store/packed.js';

export interface ProjectionCheck {
  items: number;
  /** Items whose projection is not the newest update in the log. */
  behind: string[];
}

async function compare(db: Db): Promise<ProjectionCheck> {
  const updates = db.collection('status_updates');
  const ids = (await updates.distinct('itemId')) as string[];
  const behind: string[] = [];
  for (const itemId of ids) {
    const newest = await updates.find({ itemId }).sort({ at: -1, _id: -1 }).limit(1).next();
    const latest = await db.collection<{ _id: string; update: Packed<UpdateDoc> }>('latest_status').findOne({ _id: itemId });
    const shown = latest && unpack(latest.update)._id;
    if (String(shown) !== String(newest?._id)) behind.push(`${itemId}: shows ${String(shown)}, newest ${String(newest?._id)}`);
  }
  return { items: ids.length, behind };
}

/** Compares, giving the repairs (about a second after each write) up to `settleMs` to finish. */
export async function checkProjection(db: Db, settleMs = 15_000): Promise<ProjectionCheck> {
  const until = Date.now() + settleMs;
  for (;;) {
    const check = await compare(db);
    if (check.behind.length === 0 || Date.now() > until) return check;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Overdue milestones as a flag beside an item's status, for the commands that
// show statuses. A flag, never a change of the status itself.
import type { CommandContext } from '../commands/context.js';
import { foldMilestones, overdueByItem, overdueFlag, todayIso, type Milestone } from './milestone-model.js';

export interface OverdueFlags {
  /** Overdue milestones of an item (empty when none). */
  of(itemId: string): Milestone[];
  /** " · ⚠ 1 milestone overdue", or '' — to append to a status. */
  suffix(itemId: string): string;
}

const NONE: OverdueFlags = { of: () => [], suffix: () => '' };

/** Reads the milestones once; a server without them has no flags. */
export async function overdueFlags(ctx: CommandContext): Promise<OverdueFlags> {
  if (!ctx.milestones) return NONE;
  const overdue = overdueByItem(foldMilestones(await ctx.milestones.events()), todayIso(ctx.now, ctx.timeZone));
  return {
    of: (id) => overdue.get(id) ?? [],
    suffix: (id) => {
      const n = overdue.get(id)?.length ?? 0;
      return n ? ` · ${overdueFlag(n)}` : '';
    },
  };
}

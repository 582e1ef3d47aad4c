// The stores as the bot uses them once the audit log is on: each change is
// saved as before, then its entry is appended to the chain — before anyone is
// told it was saved. A change whose entry could not be appended is reported
// as "cannot tell" (its record may be saved; the next start brings it into
// the chain), never as saved.
import type { AwayStore, TimeAwayChange } from '../core/away-port.js';
import type { DigestStore, Subscription } from '../core/digest/digest-port.js';
import type { MilestoneStore, NewMilestoneEvent } from '../core/milestones/milestone-port.js';
import {
  AuditPendingError,
  StoreUnavailableError,
  type MembershipChange,
  type NewStatusUpdate,
  type PlanStore,
  type RecordedUpdate,
  type StatusUpdate,
  type TagChange,
} from '../core/store-port.js';
import type { AuditRecordInput, AuditRef } from './audit-entry.js';
import { statusUpdateRef } from './record-refs.js';
import { awayEntry, membershipEntry, milestoneEntry, statusUpdateEntry, subscriptionEntry, tagEntry } from './audit-inputs.js';
import type { MongoAuditChain } from './mongo-audit-chain.js';

export interface AuditContext {
  chain: MongoAuditChain;
  /** This bot instance, for the entry's "where". */
  instance: string;
  now?: () => Date;
}

/** How many of an item's newest updates are read first for an entry's "before" (what a history version holds). */
const RECENT = 25;

/** How often, and for how long, an entry that could not be written is tried again. */
const RETRY_EVERY_MS = 2_000;
const RETRY_FOR_MS = 60 * 60_000;

/** An entry, or how to make it when that needs the database (a status update's "before"), with its record's ref. */
type Entry = AuditRecordInput | { ref: AuditRef; make: () => Promise<AuditRecordInput> };

const made = (entry: Entry): Promise<AuditRecordInput> => ('make' in entry ? entry.make() : Promise.resolve(entry));

async function chained(ctx: AuditContext, entry: Entry): Promise<void> {
  try {
    await ctx.chain.append(await made(entry));
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    retryLater(ctx, entry);
    throw new AuditPendingError(`the change was saved but its audit entry was not: ${err.message}`, { cause: err });
  }
}

/**
 * Keeps trying to add an entry whose change was saved, so the log is complete as soon as the
 * database answers again (the next start would also find it, for a record with a ref). Claimed
 * by the record's key, so a start-up repair elsewhere does not add it a second time.
 */
function retryLater(ctx: AuditContext, entry: Entry): void {
  const until = Date.now() + RETRY_FOR_MS;
  const { ref } = entry;
  let claimed = !ref;
  const attempt = async (): Promise<void> => {
    try {
      if (!claimed) {
        if (!(await ctx.chain.claim(`record:${ref!.collection}:${ref!.id}`, new Date()))) return;
        claimed = true;
      }
      await ctx.chain.append(await made(entry));
    } catch {
      if (Date.now() < until) setTimeout(() => void attempt(), RETRY_EVERY_MS).unref();
    }
  };
  setTimeout(() => void attempt(), RETRY_EVERY_MS).unref();
}

/**
 * The update a new one replaced, for its entry's "before": as the store saw it when it wrote the
 * update (no read), or else the item's history, where the new update is found and the one after it
 * (older) is the answer.
 */
async function previousOf(store: PlanStore, saved: RecordedUpdate): Promise<StatusUpdate | undefined> {
  if (saved.previous !== undefined) return saved.previous ?? undefined;
  const { update } = saved;
  // The item's newest (read by _id), and only when the update is not among them, all of it.
  for (const options of [{ limit: RECENT }, {}]) {
    const history = await store.history(update.itemId, options);
    const i = history.findIndex((u) => u.id === update.id);
    if (i >= 0 && (history[i + 1] || history.length < (options.limit ?? Infinity))) return history[i + 1];
  }
  return undefined;
}

/** Every PlanStore read passes through; the three kinds of change are chained. */
export function auditedPlanStore(inner: PlanStore, ctx: AuditContext): PlanStore {
  const audited: Partial<PlanStore> = {
    async recordUpdate(update: NewStatusUpdate) {
      // Its "before" may need a read; when the database is away for it, the entry is made again later.
      const entryOf = (saved: RecordedUpdate) => {
        const make = async () => statusUpdateEntry(saved.update, await previousOf(inner, saved), ctx.instance);
        const appended = chained(ctx, { ref: statusUpdateRef(saved.update), make });
        appended.catch(() => undefined); // awaited below; its failure is the caller's answer
        return appended;
      };
      // Started as soon as the store has the update in its log, while it writes the rest.
      let entry: Promise<void> | undefined;
      const saved = await inner.recordUpdate(update, { onLogged: (early) => void (entry = entryOf(early)) });
      if (!saved.duplicate) await (entry ?? entryOf(saved));
      return saved;
    },
    async recordMembership(change: MembershipChange) {
      await inner.recordMembership(change);
      await chained(ctx, membershipEntry(change, ctx.instance));
    },
    async recordTags(change: TagChange) {
      await inner.recordTags(change);
      await chained(ctx, tagEntry(change, ctx.instance));
    },
  };
  return new Proxy(inner, {
    get(target, key, receiver) {
      const own = (audited as Record<PropertyKey, unknown>)[key];
      if (own) return own;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function auditedMilestoneStore(inner: MilestoneStore, ctx: AuditContext): MilestoneStore {
  return {
    events: (itemId) => inner.events(itemId),
    async record(event: NewMilestoneEvent) {
      const saved = await inner.record(event);
      if (!saved.duplicate) await chained(ctx, milestoneEntry(saved.event, ctx.instance));
      return saved;
    },
  };
}

export function auditedAwayStore(inner: AwayStore, ctx: AuditContext): AwayStore {
  return {
    awayAt: (now) => inner.awayAt(now),
    async record(change: TimeAwayChange) {
      await inner.record(change);
      await chained(ctx, awayEntry(change, ctx.instance));
    },
  };
}

export function auditedDigestStore(inner: DigestStore, ctx: AuditContext): DigestStore {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'subscribe') {
        return async (sub: Subscription) => {
          const replaced = await target.subscribe(sub);
          if (replaced?.agency !== sub.agency || replaced?.id !== sub.id) await chained(ctx, subscriptionEntry('subscribe', sub, sub.since, replaced, ctx.instance));
          return replaced;
        };
      }
      if (key === 'unsubscribe') {
        return async (id: string) => {
          const removed = await target.unsubscribe(id);
          if (removed) await chained(ctx, subscriptionEntry('unsubscribe', removed, ctx.now?.() ?? new Date(), undefined, ctx.instance));
          return removed;
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// Nudges at each slot: every person the bot has seen whose agencies coordinate
// a stale item gets one direct message listing the items they have not yet
// been told about in this stale period. At most once: the (person, item,
// period) claim is inserted before the message is sent, so a crash loses a
// nudge rather than repeating it.
import { nudgeReply, staleItemsFor, type NudgeItem } from '../core/digest/nudge.js';
import type { ChatPlatform } from '../core/identity.js';
import { RateLimitedError } from '../core/notifier.js';
import { loadSnapshot } from '../core/digest/load-updates.js';
import { resolveActor } from '../core/resolve-actor.js';
import type { KnownPerson } from '../core/store-port.js';
import type { JobStep } from './channel-pacer.js';
import type { SchedulerContext } from './scheduler-context.js';

/** One entry per email: the platform the person was seen on last (where this server can reach them). */
function reachablePeople(ctx: SchedulerContext, people: KnownPerson[]): (KnownPerson & { platform: ChatPlatform })[] {
  const byEmail = new Map<string, KnownPerson & { platform: ChatPlatform }>();
  for (const p of people) {
    if (p.platform === 'cli' || !ctx.notifier(p.platform)) continue;
    const seen = byEmail.get(p.email);
    if (!seen || seen.lastSeen.getTime() < p.lastSeen.getTime()) byEmail.set(p.email, { ...p, platform: p.platform });
  }
  return [...byEmail.values()];
}

export async function runNudges(ctx: SchedulerContext, slot: Date): Promise<number> {
  const now = ctx.clock.now();
  const people = reachablePeople(ctx, await ctx.store.knownPeople());
  if (people.length === 0) return 0;
  const { statuses } = await loadSnapshot(ctx.store, [], now);
  const planStart = await ctx.planStart();
  // People on leave are not nudged; their stale items show in the digest with their time away.
  const away = ctx.away ? await ctx.away.awayAt(now) : new Map();
  let nudged = 0;
  const sends: Promise<void>[] = [];
  for (const person of people) {
    if (ctx.stopping()) break;
    if (away.has(person.email.toLowerCase())) continue;
    const actor = await resolveActor({ platform: person.platform, userId: person.userId, displayName: person.displayName, email: person.email }, ctx.plan, ctx.store, ctx.admins);
    const stale = staleItemsFor(ctx.plan, actor.agencies, statuses, now, ctx.staleAfterDays, planStart);
    if (stale.length === 0) continue;
    if (!(await ctx.nudges.claimRun(`${slot.toISOString()}:${person.email}`, now))) continue;
    const fresh: NudgeItem[] = [];
    for (const item of stale) {
      if (await ctx.nudges.claimItem(`${person.email}:${item.item.id}:${item.period}`, now)) fresh.push(item);
    }
    if (fresh.length === 0) continue;
    const notifier = ctx.notifier(person.platform)!;
    const reply = nudgeReply(fresh, now, ctx.schedule.timeZone, ctx.staleAfterDays);
    let errors = 0;
    let limited = 0;
    const job = async (): Promise<JobStep> => {
      try {
        await notifier.sendDirect(person.userId, reply);
        nudged += 1;
        return { done: true, units: 1 };
      } catch (err) {
        if (err instanceof RateLimitedError && ++limited < ctx.tuning.maxRateLimited) return { done: false, retryInMs: err.retryAfterMs };
        if (!(err instanceof RateLimitedError) && ++errors < ctx.tuning.maxErrors) return { done: false, retryInMs: ctx.tuning.backoffMs(errors), units: 1 };
        ctx.logger.warn('nudge not delivered', { platform: person.platform, userId: person.userId, items: fresh.map((f) => f.item.id), error: err });
        return { done: true };
      }
    };
    sends.push(ctx.pacer.add(`${person.platform}:dm:${person.userId}`, job));
  }
  await Promise.all(sends);
  return nudged;
}

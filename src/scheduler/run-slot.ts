// One slot: claim each subscription's (subscription, slot) pair — only one
// instance wins each — and deliver the ones won through the channel pacer;
// when recovering (catch-up, sweep), also take over claims stranded by an
// instance that died.
import type { TimeAway } from '../core/away-port.js';
import { foldMilestones } from '../core/milestones/milestone-model.js';
import type { MilestoneEvent } from '../core/milestones/milestone-port.js';
import { buildDigest } from '../core/digest/build-digest.js';
import { ALL_AGENCIES, owedFrom, type Subscription } from '../core/digest/digest-port.js';
import { loadSnapshot, type PlanSnapshot } from '../core/digest/load-updates.js';
import { deliveryJob, type DigestContent } from './deliver-digest.js';
import type { AttemptRecord, ClaimRecord } from '../core/digest/delivery-port.js';
import { deliveryKey, emptyReport, type SchedulerContext, type SlotReport } from './scheduler-context.js';

/** How far back "changes since the last digest" looks for a digest that was sent. */
const LOOK_BACK_SLOTS = 8;

/** The slots before `slot`, newest first. */
function previousSlots(ctx: SchedulerContext, slot: Date): Date[] {
  const out: Date[] = [];
  for (let at = slot; out.length < LOOK_BACK_SLOTS; ) {
    const prev = ctx.schedule.latest(new Date(at.getTime() - 1));
    if (!prev) break;
    out.push((at = prev));
  }
  return out;
}

/**
 * Builds digests for one run from one snapshot of the plan's updates, read once on first use.
 * `subscribedAt`: when each subscription began (no digest can have been sent before).
 */
function contentSource(ctx: SchedulerContext, subscribedAt: Map<string, Date>): (claim: ClaimRecord) => Promise<DigestContent> {
  let snapshot: Promise<PlanSnapshot> | undefined;
  let away: Promise<TimeAway[]> | undefined;
  let milestones: Promise<MilestoneEvent[]> | undefined;
  let head: Promise<{ seq: number; hash: string } | undefined> | undefined;
  let earlier: Date[] | undefined; // every claim of a run is for the same slot
  const ids = ctx.plan.items().map((i) => i.id);
  return async (claim) => {
    snapshot ??= loadSnapshot(ctx.store, ids, ctx.clock.now());
    away ??= ctx.away ? ctx.away.awayAt(ctx.clock.now()).then((m) => [...m.values()]) : Promise.resolve([]);
    milestones ??= ctx.milestones ? ctx.milestones.events() : Promise.resolve([]);
    const snap = await snapshot.catch((err: unknown) => {
      snapshot = undefined; // let the next try read again
      throw err;
    });
    // Changes since the last digest this channel got in the slots before, else since the slot before.
    const before = (earlier ??= previousSlots(ctx, claim.slot));
    const from = subscribedAt.get(claim.subscriptionId)?.getTime() ?? 0;
    const last = await ctx.deliveries.lastSent(claim.subscriptionId, before.filter((s) => s.getTime() >= from));
    const since = last?.contentAsOf ?? before[0];
    const people = await away.catch((err: unknown) => {
      away = undefined;
      throw err;
    });
    const events = await milestones.catch((err: unknown) => {
      milestones = undefined;
      throw err;
    });
    const planStart = await ctx.planStart();
    // Read once per run, and only for a stewards' digest; without it the digest still goes.
    const auditHead = claim.agency === ALL_AGENCIES && ctx.auditHead
      ? await (head ??= ctx.auditHead().catch((err: unknown) => {
        ctx.logger.warn('audit chain head not read for the digest', { error: err });
        return undefined;
      }))
      : undefined;
    const pages = buildDigest({
      plan: ctx.plan, agency: claim.agency, ...snap, ...(since ? { since } : {}), slot: claim.slot, late: claim.late,
      timeZone: ctx.schedule.timeZone, staleAfterDays: ctx.staleAfterDays, away: people, milestones: foldMilestones(events), planStart,
      ...(ctx.classification ? { classification: ctx.classification } : {}), ...(auditHead ? { auditHead } : {}),
    });
    return { pages, contentAsOf: snap.asOf };
  };
}

/** Queues one claimed digest on its channel; resolves when it is finished (or dropped at stop). */
function enqueue(ctx: SchedulerContext, claim: ClaimRecord, build: (c: ClaimRecord) => Promise<DigestContent>, report: SlotReport, previous: AttemptRecord[] = []): Promise<void> {
  const notifier = ctx.notifier(claim.platform);
  if (!notifier) return Promise.resolve();
  ctx.inFlight.add(claim.key);
  let recorded = false;
  const job = deliveryJob(claim, () => build(claim), {
    store: ctx.deliveries, notifier, clock: ctx.clock, logger: ctx.logger, instanceId: ctx.instanceId, tuning: ctx.tuning,
    stopping: ctx.stopping,
  }, {
    previous,
    onOutcome: (o) => {
      recorded = true;
      report[o.state] += 1;
    },
  });
  return ctx.pacer.add(`${claim.platform}:${claim.channelId}`, job).finally(() => {
    ctx.inFlight.delete(claim.key);
    if (!recorded) report.unfinished += 1;
  });
}

function deliverable(ctx: SchedulerContext, sub: Subscription, slot: Date): boolean {
  if (owedFrom(sub).getTime() > slot.getTime()) return false; // subscribed (or merged) after this slot: nothing owed
  if (!ctx.notifier(sub.platform)) return false; // no connection here; status shows it pending
  if (sub.agency !== ALL_AGENCIES && !ctx.plan.agency(sub.agency)) {
    ctx.logger.warn('subscription names an agency the plan no longer has', { subscription: sub.id, agency: sub.agency });
    return false;
  }
  return true;
}

/**
 * `recover`: also look at the claims others hold and take over those whose holder is gone. The
 * on-time run skips it (every instance fires then, and the others are alive and busy); a
 * catch-up at start and the sweep do it.
 */
export async function deliverSlot(ctx: SchedulerContext, slot: Date, recover: boolean): Promise<SlotReport> {
  const now = ctx.clock.now();
  const late = now.getTime() - slot.getTime() > ctx.tuning.lateAfterMs;
  const report = emptyReport(slot, late);
  const subs = await ctx.digests.subscriptions();
  const build = contentSource(ctx, new Map(subs.map((s) => [s.id, owedFrom(s)])));
  const claims: ClaimRecord[] = subs
    .filter((s) => deliverable(ctx, s, slot))
    .map((sub) => ({
      key: deliveryKey(sub.id, slot), subscriptionId: sub.id, platform: sub.platform, channelId: sub.channelId,
      agency: sub.agency, slot, owner: ctx.instanceId, claimedAt: now, late,
    }))
    .filter((c) => !ctx.inFlight.has(c.key));
  // In flight before the insert, so this instance never mistakes its own new claims for stranded ones.
  for (const c of claims) ctx.inFlight.add(c.key);
  let won = new Set<string>();
  try {
    won = await ctx.deliveries.claimAll(claims);
  } finally {
    for (const c of claims) if (!won.has(c.key)) ctx.inFlight.delete(c.key);
  }
  const lost = claims.filter((c) => !won.has(c.key)).map((c) => c.key);
  report.claimed = won.size;
  report.alreadyClaimed = lost.length;
  await Promise.all(claims.filter((c) => won.has(c.key)).map((c) => enqueue(ctx, c, build, report)));
  if (recover && lost.length > 0) await recoverSlot(ctx, lost, build, report);
  return report;
}

/**
 * Claims among `keys` with no outcome whose holder is gone (its heartbeat went stale, or it is
 * this instance and no longer working on it): deliver them, or find out whether they went out.
 */
async function recoverSlot(ctx: SchedulerContext, keys: readonly string[], build: (c: ClaimRecord) => Promise<DigestContent>, report: SlotReport): Promise<SlotReport> {
  const open = await ctx.deliveries.unfinished(keys.filter((k) => !ctx.inFlight.has(k)));
  if (open.length === 0) return report;
  const now = ctx.clock.now().getTime();
  const alive = await ctx.instances.alive(new Date(now - ctx.tuning.staleInstanceMs));
  const jobs: Promise<void>[] = [];
  for (const { claim, attempts } of open) {
    if (ctx.stopping()) break;
    if (ctx.inFlight.has(claim.key)) continue;
    const last = attempts.at(-1);
    const holder = last?.owner ?? claim.owner;
    if (holder !== ctx.instanceId && alive.has(holder)) continue;
    // A post still within its timeout may yet answer, even if its holder's heartbeat looks stale.
    if (last && !last.result && now - last.startedAt.getTime() < ctx.tuning.postTimeoutMs) continue;
    if (!ctx.notifier(claim.platform)) continue;
    ctx.logger.warn('recovering a digest its instance left unfinished', { key: claim.key, holder, attempts: attempts.length });
    report.recovered += 1;
    jobs.push(enqueue(ctx, claim, build, report, attempts));
  }
  await Promise.all(jobs);
  return report;
}

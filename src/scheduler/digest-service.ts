// The digest service one bot instance runs: node-cron fires each slot, a
// missed slot is caught up once at start, a heartbeat tells other instances
// this one is alive, and a periodic sweep finishes digests a dead instance
// left open. Every instance does all of this; the claims make each digest go
// out once however many run.
import { randomUUID } from 'node:crypto';
import { createDigestCommands, type ExtraCommands } from '../core/digest/digest-commands.js';
import type { ChatPlatform } from '../core/identity.js';
import type { Notifier } from '../core/notifier.js';
import { ChannelPacer } from './channel-pacer.js';
import { systemClock } from './clock.js';
import { createSchedule, type Schedule, type WorkingDays } from './cron-slots.js';
import { startCronTrigger, type CronTrigger, type Wake } from './cron-trigger.js';
import { runNudges } from './run-nudges.js';
import { deliverSlot } from './run-slot.js';
import type { SchedulerContext, SlotReport } from './scheduler-context.js';
import { DEFAULT_TUNING, type Tuning } from './tuning.js';

export type ServiceDeps = Omit<SchedulerContext, 'notifier' | 'pacer' | 'clock' | 'instanceId' | 'tuning' | 'schedule' | 'inFlight' | 'stopping'> & {
  notifiers: readonly Notifier[] | (() => readonly Notifier[]);
  /** DIGEST_SCHEDULE and PLAN_TIMEZONE. */
  expression: string;
  timeZone: string;
  /** DIGEST_ON_HOLIDAYS and the calendar it applies (none: every day is a working day). */
  workingDays?: WorkingDays;
  clock?: SchedulerContext['clock'];
  tuning?: Partial<Tuning>;
  instanceId?: string;
  /** Runs before the first database use (housekeeping), with the clock's time. */
  prepare?: (now: Date) => Promise<void>;
};

export interface DigestService {
  readonly instanceId: string;
  readonly schedule: Schedule;
  /** The engine's `extra` hook: subscribe, unsubscribe, subscriptions, digest preview, digest status. */
  readonly commands: ExtraCommands;
  /** Heartbeat, node-cron, the sweep, and a catch-up of the latest slot if it was missed (in the background). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Delivers one slot's digests and nudges (what cron calls); resolves when this instance's share is done. */
  runSlot(slot: Date): Promise<SlotReport>;
  /** Sends the latest slot if no instance sent it (late when past lateAfterMs); never older slots. */
  catchUp(): Promise<SlotReport | undefined>;
  /** Finishes digests of the latest slot that a dead instance (or a failed run here) left open. */
  sweep(): Promise<SlotReport | undefined>;
  /** Resolves when no slot run or delivery of this instance is in progress. */
  idle(): Promise<void>;
  /** The next slot and what fires it (after start). */
  nextWake(): Wake | undefined;
}

export function createService(deps: ServiceDeps): DigestService {
  const tuning: Tuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const clock = deps.clock ?? systemClock;
  const instanceId = deps.instanceId ?? randomUUID();
  const schedule = createSchedule(deps.expression, deps.timeZone, deps.workingDays);
  const notifiers = typeof deps.notifiers === 'function' ? deps.notifiers : () => deps.notifiers as readonly Notifier[];
  const notifier = (p: ChatPlatform) => notifiers().find((n) => n.platform === p);
  let stopping = false;
  const pacer = new ChannelPacer({
    concurrency: tuning.concurrency,
    intervalMs: (key) => (key.startsWith('slack:') ? tuning.slackIntervalMs : tuning.teamsIntervalMs),
    onError: (err, key) => deps.logger.error('digest delivery failed', { channel: key, error: err }),
  });
  const ctx: SchedulerContext = {
    ...deps, notifier, pacer, clock, instanceId, tuning, schedule, inFlight: new Set(), stopping: () => stopping,
  };
  let prepared: Promise<void> | undefined;
  const prepare = () => (prepared ??= (deps.prepare?.(clock.now()) ?? Promise.resolve()).catch((err: unknown) => {
    prepared = undefined; // try again next time
    throw err;
  }));
  const logged = (what: string) => (err: unknown) => deps.logger.error(what, { error: err, instance: instanceId });

  // Slots this instance has work open in: runs under way, and runs that ended with deliveries
  // unfinished (database away), which the sweep retries. Heartbeats carry them, so if this
  // instance dies the others know which slot to look at.
  const active = new Map<number, number>();
  const dirty = new Set<number>();
  const busy = () => [...new Set([...active.keys(), ...dirty])].map((t) => new Date(t));
  const heartbeat = () => ctx.instances.heartbeat(instanceId, clock.now(), busy());

  async function track<T extends SlotReport | undefined>(slot: Date, work: () => Promise<T>): Promise<T> {
    const t = slot.getTime();
    active.set(t, (active.get(t) ?? 0) + 1);
    try {
      await heartbeat(); // say so before claiming anything
      const report = await work();
      if (report?.unfinished) dirty.add(t);
      return report;
    } catch (err) {
      dirty.add(t);
      throw err;
    } finally {
      const n = (active.get(t) ?? 1) - 1;
      if (n > 0) active.set(t, n);
      else active.delete(t);
      if (!stopping) void heartbeat().catch(logged('digest heartbeat failed'));
    }
  }

  const runs = new Map<number, Promise<SlotReport>>();
  const timers: NodeJS.Timeout[] = [];
  let trigger: CronTrigger | undefined;
  let background: Promise<unknown> = Promise.resolve();

  async function runSlot(slot: Date, recover = false): Promise<SlotReport> {
    const running = runs.get(slot.getTime());
    if (running) return running;
    const run = (async () => {
      await prepare();
      const report = await track(slot, () => deliverSlot(ctx, slot, recover));
      if (!stopping) report.nudged = await runNudges(ctx, slot);
      deps.logger.info('digest slot done', { ...report, slot: slot.toISOString(), instance: instanceId });
      return report;
    })().finally(() => runs.delete(slot.getTime()));
    runs.set(slot.getTime(), run);
    return run;
  }

  /**
   * Finishes what a dead instance (or an earlier failed run here) left open in the latest slot,
   * by running the slot again: claims already made are skipped, and those whose holder is gone
   * are taken over. Nothing to do (the usual case) costs one small read.
   */
  async function sweep(): Promise<SlotReport | undefined> {
    const slot = schedule.latest(clock.now());
    if (!slot || stopping) return undefined;
    await prepare();
    for (const t of dirty) if (t < slot.getTime()) dirty.delete(t); // never a backlog
    const quiet = await ctx.instances.abandoned(new Date(clock.now().getTime() - tuning.staleInstanceMs));
    const left = quiet.filter((q) => q.instanceId !== instanceId && q.busy.some((b) => b.getTime() === slot.getTime()));
    if (left.length === 0 && !dirty.has(slot.getTime())) return undefined;
    dirty.delete(slot.getTime());
    const report = await runSlot(slot, true);
    for (const q of left) await ctx.instances.release(q.instanceId);
    return report;
  }

  const service: DigestService = {
    instanceId,
    schedule,
    commands: createDigestCommands({
      digests: deps.digests,
      schedule,
      deliverable: () => (['slack', 'teams'] as const).filter((p) => notifier(p)),
      planStart: deps.planStart,
    }),
    async start() {
      await prepare();
      await heartbeat();
      timers.push(setInterval(() => void heartbeat().catch(logged('digest heartbeat failed')), tuning.heartbeatMs));
      timers.push(setInterval(() => void sweep().catch(logged('digest sweep failed')), tuning.sweepMs));
      for (const t of timers) t.unref();
      trigger = startCronTrigger(schedule, (slot) => void runSlot(slot).catch(logged('digest slot failed')), deps.logger);
      background = service.catchUp().catch(logged('digest catch-up failed'));
    },
    async stop() {
      stopping = true;
      trigger?.stop();
      for (const t of timers) clearInterval(t);
      // Queued deliveries are dropped; a post under way gets stopGraceMs to finish. One still out
      // after that is left open: whoever recovers the claim asks the platform whether it landed.
      let grace: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (grace = setTimeout(resolve, tuning.stopGraceMs)));
      await Promise.race([Promise.all([pacer.close(), background, Promise.allSettled([...runs.values()])]), waited]);
      clearTimeout(grace);
      // Work not finished here is left to another instance (or the next start) to recover.
      await ctx.instances.stopped(instanceId, clock.now(), busy()).catch(logged('could not record the stop'));
    },
    runSlot: (slot) => runSlot(slot),
    async catchUp() {
      const slot = schedule.latest(clock.now());
      return slot ? runSlot(slot, true) : undefined;
    },
    sweep,
    async idle() {
      await Promise.allSettled([...runs.values()]);
      await pacer.idle();
    },
    nextWake: () => trigger?.next(),
  };
  return service;
}

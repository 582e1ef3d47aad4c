// Fires the digest schedule with node-cron (DIGEST_SCHEDULE in PLAN_TIMEZONE).
// node-cron skips a wall-clock time that does not exist (02:30 on the day
// clocks spring forward); our slots move it to the first real instant after
// (see local-time.ts), so for such a slot this arms a plain timer instead.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/logger.js';
import type { Schedule } from './cron-slots.js';

/** Timers are re-armed at least this often (setTimeout caps at ~24.8 days; clocks drift). */
const MAX_TIMER_MS = 6 * 3_600_000;
/** How far node-cron's date may lag the slot it names (its timer's granularity). */
const SAME_SLOT_MS = 60_000;

export interface Wake {
  at: Date;
  /** 'cron' when node-cron fires this slot itself; 'timer' when it would skip it (a DST gap). */
  by: 'cron' | 'timer';
}

/** The next slot after `now`, and what will fire it. */
export function planWake(schedule: Schedule, cronMatches: (at: Date) => boolean, now: Date): Wake {
  const at = schedule.next(now);
  return { at, by: cronMatches(at) ? 'cron' : 'timer' };
}

export interface CronTrigger {
  next(): Wake;
  stop(): void;
}

export function startCronTrigger(schedule: Schedule, onSlot: (slot: Date) => void, logger: Logger): CronTrigger {
  const task: ScheduledTask = cron.createTask(schedule.expression, (ctx) => fire(ctx.date), {
    timezone: schedule.timeZone,
    name: 'tsoc-digest',
    logger: {
      info: (m) => logger.debug(m),
      warn: (m) => logger.warn(m),
      error: (m, err) => logger.error(String(m), err ? { error: err } : undefined),
      debug: (m) => logger.debug(String(m)),
    },
  });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = () => {
    clearTimeout(timer);
    if (stopped) return;
    const now = new Date();
    const wake = planWake(schedule, (d) => task.match(d), now);
    const wait = Math.min(MAX_TIMER_MS, wake.at.getTime() - now.getTime());
    // Only a slot node-cron will skip needs our timer; otherwise it just re-arms itself later.
    timer = setTimeout(() => {
      if (wake.by === 'timer' && Date.now() >= wake.at.getTime()) fire(wake.at);
      else arm();
    }, Math.max(0, wait));
    timer.unref();
  };

  function fire(at: Date): void {
    // node-cron's date is the slot it planned; name it as our schedule does. node-cron knows
    // nothing of days off: a time it fires on a day off is no slot of ours (the slot moved to the
    // next working day, which our timer fires, or was dropped), so nothing runs then.
    const slot = schedule.latest(new Date(at.getTime() + 999));
    if (slot && at.getTime() - slot.getTime() < SAME_SLOT_MS) onSlot(slot);
    arm();
  }

  void task.start();
  arm();
  return {
    next: () => planWake(schedule, (d) => task.match(d), new Date()),
    stop() {
      stopped = true;
      clearTimeout(timer);
      void task.destroy();
    },
  };
}

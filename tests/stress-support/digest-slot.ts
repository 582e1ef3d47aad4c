// A DIGEST_SCHEDULE (node-cron, with its seconds field) whose slot falls at a
// chosen moment, so a digest fires while a suite is running. Daily at that
// wall-clock second in the plan's time zone: the previous slot (yesterday) is
// before every subscription the suite makes, so nothing else is owed.
import { createSchedule } from '../../src/scheduler/cron-slots.js';
import { localDateTime } from '../../src/scheduler/local-time.js';

export const PLAN_TIMEZONE = 'Pacific/Auckland';

export interface DigestSlot {
  expression: string;
  slot: Date;
}

/** The schedule firing at the first whole second at or after `at`; checked against the bot's own slot arithmetic. */
export function digestSlotAt(at: Date, timeZone = PLAN_TIMEZONE): DigestSlot {
  const whole = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  const t = localDateTime(whole, timeZone);
  const expression = `${t.s} ${t.min} ${t.h} * * *`;
  const slot = createSchedule(expression, timeZone).next(new Date(whole.getTime() - 1));
  if (slot.getTime() !== whole.getTime()) {
    // A daylight-saving edge: the suite would wait for the wrong moment. Say so plainly.
    throw new Error(`DIGEST_SCHEDULE "${expression}" in ${timeZone} names ${slot.toISOString()}, not ${whole.toISOString()}`);
  }
  return { expression, slot };
}

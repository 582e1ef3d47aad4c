// The digest schedule's slots: which instants a node-cron expression names in
// a time zone. node-cron fires the schedule; this computes the same slots from
// any given time (the injected clock), so an instance can tell which slot it
// missed while it was down, and every instance names a slot identically.
// Day matching follows node-cron: day-of-month AND day-of-week, with its
// L, L-n, nW, LW, d#n and dL tokens (node-cron's parse normalises the rest).
import cron from 'node-cron';
import { addDays, instantOf, localDateTime, steadyOffsetMs, type LocalDate } from './local-time.js';

import type { HolidayPolicy } from '../core/calendar/nz-holidays.js';

export interface WorkingDays {
  policy: HolidayPolicy;
  /** Monday to Friday and not a public holiday, in the schedule's time zone. */
  isWorkingDay(date: LocalDate): boolean;
}

/** Longer than any run of days off (a weekend, Christmas, New Year and a regional day). */
const MAX_DAYS_OFF = 14;

export interface Schedule {
  readonly expression: string;
  readonly timeZone: string;
  /** The first slot strictly after `after`. */
  next(after: Date): Date;
  /** The last slot at or before `at` (undefined only for a schedule that never fired in ~9 years). */
  latest(at: Date): Date | undefined;
}

/** Long enough for "29 February on a Monday" (28 years would be exact; 9 catches 29 Feb). */
const MAX_DAYS = 366 * 9;

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function nearestWeekday(y: number, m: number, target: number): number {
  const last = lastDay(y, m);
  if (target < 1 || target > last) return -1;
  const wd = new Date(Date.UTC(y, m - 1, target)).getUTCDay();
  if (wd === 6) return target === 1 ? 3 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function matchesDayOfMonth(field: readonly (number | string)[], { y, m, d }: LocalDate): boolean {
  return field.some((v) => {
    if (v === d) return true;
    if (typeof v !== 'string') return false;
    if (v === 'L') return d === lastDay(y, m);
    const w = /^(\d{1,2}|L)W$/.exec(v);
    if (w) return nearestWeekday(y, m, w[1] === 'L' ? lastDay(y, m) : Number(w[1])) === d;
    const off = /^L-(\d{1,2})$/.exec(v);
    if (off) return lastDay(y, m) - Number(off[1]) === d;
    return false;
  });
}

function matchesDayOfWeek(field: readonly (number | string)[], { y, m, d }: LocalDate): boolean {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return field.some((v) => {
    if (v === wd) return true;
    if (typeof v !== 'string') return false;
    const nth = /^([0-7])#([1-5])$/.exec(v);
    if (nth) return Number(nth[1]) % 7 === wd && Math.floor((d - 1) / 7) + 1 === Number(nth[2]);
    const last = /^([0-7])L$/i.exec(v);
    if (last) return Number(last[1]) % 7 === wd && d + 7 > lastDay(y, m);
    return false;
  });
}

export function createSchedule(expression: string, timeZone: string, workingDays?: WorkingDays): Schedule {
  const f = cron.parse(expression);
  const times: [number, number, number][] = [];
  for (const h of [...f.hour].sort((a, b) => a - b))
    for (const min of [...f.minute].sort((a, b) => a - b))
      for (const s of [...f.second].sort((a, b) => a - b)) times.push([h, min, s]);

  const cronDay = (date: LocalDate) =>
    f.month.includes(date.m) && matchesDayOfMonth(f.dayOfMonth, date) && matchesDayOfWeek(f.dayOfWeek, date);
  // Every day that has slots has the same times, so moving a day off's slots to the next working
  // day is a matter of which days have slots: a working day has them when the expression names it
  // or any day in the run of days off just before it. Slots moved onto a day that has its own (or
  // from several days off) are the same instants: one slot, one digest.
  const dayMatches = (date: LocalDate): boolean => {
    if (!workingDays || workingDays.policy === 'send') return cronDay(date);
    if (!workingDays.isWorkingDay(date)) return false;
    if (cronDay(date)) return true;
    if (workingDays.policy === 'skip') return false;
    let day = addDays(date, -1);
    for (let i = 0; i < MAX_DAYS_OFF && !workingDays.isWorkingDay(day); i++, day = addDays(day, -1)) if (cronDay(day)) return true;
    return false;
  };

  /** A day's slots in time order; on a day the offset changes they may reorder or coincide. */
  function* slotsOn(date: LocalDate, descending: boolean): Generator<Date> {
    const off = steadyOffsetMs(date, timeZone);
    if (off !== undefined) {
      for (let i = 0; i < times.length; i++) {
        const [h, min, s] = times[descending ? times.length - 1 - i : i]!;
        yield new Date(Date.UTC(date.y, date.m - 1, date.d, h, min, s) - off);
      }
      return;
    }
    const all = [...new Set(times.map(([h, min, s]) => instantOf(date, h, min, s, timeZone).getTime()))].sort((a, b) => a - b);
    if (descending) all.reverse();
    for (const t of all) yield new Date(t);
  }

  return {
    expression,
    timeZone,
    next(after) {
      // Start a day early: a gap-shifted slot of the previous local day may fall after `after`.
      let date = addDays(localDateTime(after, timeZone), -1);
      for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
        if (!dayMatches(date)) continue;
        for (const slot of slotsOn(date, false)) if (slot.getTime() > after.getTime()) return slot;
      }
      throw new Error(`DIGEST_SCHEDULE "${expression}" has no slot within ${MAX_DAYS} days`);
    },
    latest(at) {
      // Start a day late for the same reason, walking backwards.
      let date = addDays(localDateTime(at, timeZone), 1);
      for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, -1)) {
        if (!dayMatches(date)) continue;
        for (const slot of slotsOn(date, true)) if (slot.getTime() <= at.getTime()) return slot;
      }
      return undefined;
    },
  };
}

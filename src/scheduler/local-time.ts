// Wall-clock times in a time zone and the instants they name, with one rule
// for the two daylight-saving edge cases:
// - a time that happens twice (autumn fall-back) names the LATER instant, as
//   node-cron fires it and as the core's zonedTime reads it;
// - a time that does not exist (spring-forward gap) names the instant it would
//   be under the offset before the change (02:30 NZST = 03:30 NZDT), so a
//   daily digest due in the gap is sent an hour late rather than skipped.
import { dateFormat, zoneOffsetMinutes } from '../core/time.js';

export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

export interface LocalDateTime extends LocalDate {
  h: number;
  min: number;
  s: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const DAY_MS = 86_400_000;
function formatter(timeZone: string): Intl.DateTimeFormat {
  return dateFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
}

/** The wall-clock reading of `at` in `timeZone`. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const y = get('year');
  const m = get('month');
  const d = get('day');
  return { y, m, d, h: get('hour') % 24, min: get('minute'), s: get('second'), weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

/** The calendar day after (or, with step -1, before) a local date. */
export function addDays(date: LocalDate, step: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + step));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const offsetMs = (utcMs: number, timeZone: string) => zoneOffsetMinutes(new Date(utcMs), timeZone) * 60_000;

/** The instant a wall-clock time names, by the rule at the top of this file. */
export function instantOf(date: LocalDate, h: number, min: number, s: number, timeZone: string): Date {
  const wall = Date.UTC(date.y, date.m - 1, date.d, h, min, s);
  // Offsets a day either side: zones change offset at most once in two days.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  if (before === after) return new Date(wall - before);
  const early = wall - before;
  const late = wall - after;
  const reads = (t: number, off: number) => offsetMs(t, timeZone) === off;
  const earlyOk = reads(early, before);
  const lateOk = reads(late, after);
  if (earlyOk && lateOk) return new Date(Math.max(early, late)); // overlap: the later one
  if (lateOk) return new Date(late);
  if (earlyOk) return new Date(early);
  return new Date(early); // gap: the offset before the change
}

/**
 * The zone's offset (ms) when it is the same all day, so wall times map to instants in order
 * by plain subtraction; undefined on a day the offset changes.
 */
export function steadyOffsetMs(date: LocalDate, timeZone: string): number | undefined {
  const midnight = Date.UTC(date.y, date.m - 1, date.d);
  const off = offsetMs(midnight - DAY_MS, timeZone);
  return off === offsetMs(midnight + 2 * DAY_MS, timeZone) ? off : undefined;
}

// Wall-clock times in a time zone and the instants they name (Luxon underneath), with one rule
// for the two daylight-saving edge cases, core/time.ts's zonedTime:
// - a time that happens twice (autumn fall-back) names the LATER instant, as
//   node-cron fires it;
// - a time that does not exist (spring-forward gap) names the instant it would
//   be under the offset before the change (02:30 NZST = 03:30 NZDT), so a
//   daily digest due in the gap is sent an hour late rather than skipped.
import { DateTime } from 'luxon';
import { zonedDateTime, zonedTime, zoneOffsetMinutes } from '../core/time.js';

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

/** The wall-clock reading of `at` in `timeZone`. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const t = zonedDateTime(at, timeZone);
  // Luxon numbers weekdays 1 = Monday … 7 = Sunday.
  return { y: t.year, m: t.month, d: t.day, h: t.hour, min: t.minute, s: t.second, weekday: t.weekday % 7 };
}

/** The calendar day after (or, with step -1, before) a local date. */
export function addDays(date: LocalDate, step: number): LocalDate {
  const t = DateTime.utc(date.y, date.m, date.d).plus({ days: step });
  return { y: t.year, m: t.month, d: t.day };
}

/** The instant a wall-clock time names, by the rule at the top of this file. */
export function instantOf(date: LocalDate, h: number, min: number, s: number, timeZone: string): Date {
  return zonedTime(date.y, date.m, date.d, h, min, s, 0, timeZone);
}

const offsetMs = (utcMs: number, timeZone: string) => zoneOffsetMinutes(new Date(utcMs), timeZone) * 60_000;

/**
 * The zone's offset (ms) when it is the same all day, so wall times map to instants in order
 * by plain subtraction; undefined on a day the offset changes.
 */
export function steadyOffsetMs(date: LocalDate, timeZone: string): number | undefined {
  const midnight = Date.UTC(date.y, date.m - 1, date.d);
  // Zones change offset at most once in two days.
  const off = offsetMs(midnight - DAY_MS, timeZone);
  return off === offsetMs(midnight + 2 * DAY_MS, timeZone) ? off : undefined;
}

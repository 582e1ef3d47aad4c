// Dates as people in the plan's time zone read and write them.
import * as chrono from 'chrono-node';
import { DateTime, IANAZone } from 'luxon';

/**
 * An Intl.DateTimeFormat for these options, made once: making one costs tens of microseconds
 * (the board formats hundreds of dates per page), using one is cheap.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The zone, or a RangeError naming it (as Intl throws): Luxon would otherwise answer NaN quietly.
 * Luxon keeps one per name.
 */
export function ianaZone(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  return zone;
}

/** Offset of `timeZone` from UTC at instant `at`, in minutes (e.g. +780 for NZDT). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  // Whole minutes: zones' early local mean times had offsets in seconds.
  return Math.round(ianaZone(timeZone).offset(at.getTime()));
}

/**
 * The instant a wall-clock time in `timeZone` names. Out-of-range fields carry over (day 0 is the
 * last of the month before, month 13 is January), as with Date.UTC. Daylight saving:
 * - a time that happens twice (autumn fall-back) names the LATER instant, as node-cron fires it;
 * - a time that does not exist (spring-forward gap) names the instant it would be under the offset
 *   before the change (02:30 NZST = 03:30 NZDT), so a daily digest due in the gap is sent an hour
 *   late rather than skipped.
 */
export function zonedTime(y: number, month: number, d: number, h: number, min: number, s: number, ms: number, timeZone: string): Date {
  const utc = Date.UTC(y, month - 1, d, h, min, s, ms);
  // Remembered: the board asks for the same week and quarter boundaries on every page, and each
  // costs Luxon tens of microseconds. A zone's rules do not change while the process runs.
  const key = `${utc} ${timeZone}`;
  const known = zonedTimes.get(key);
  if (known !== undefined) return new Date(known);
  const wall = DateTime.fromMillis(utc, { zone: 'utc' });
  // In a gap Luxon moves the reading on by the gap's length, which is the rule above. In an overlap
  // it picks by its first guess of the offset, so the later of the two is chosen here.
  const readings = wall.setZone(ianaZone(timeZone), { keepLocalTime: true }).getPossibleOffsets();
  const at = Math.max(...readings.map((r) => r.toMillis()));
  if (zonedTimes.size >= ZONED_TIMES_KEPT) zonedTimes.clear();
  zonedTimes.set(key, at);
  return new Date(at);
}
const zonedTimes = new Map<string, number>();
const ZONED_TIMES_KEPT = 4096;

/** The wall-clock reading of `at` in `timeZone`. */
export const zonedDateTime = (at: Date, timeZone: string): DateTime => DateTime.fromJSDate(at, { zone: ianaZone(timeZone) });

/** The calendar date of `at` in `timeZone`. */
export function zonedDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const t = zonedDateTime(at, timeZone);
  return { y: t.year, m: t.month, d: t.day };
}

const endOfDay = (y: number, m: number, d: number, tz: string) => zonedTime(y, m, d, 23, 59, 59, 999, tz);

/**
 * Reads "as of" dates: 2026-10-01, 2026-10-01T09:00, 1 October 2026, 1 Oct, today, yesterday,
 * 3 days ago, last week, last Friday, end of last month. A day means the end of that day in
 * `timeZone`; a day without a year is the last one. Undefined when unreadable (a day still to come
 * is returned: readPastDate tells callers that apart).
 */
export function parseAsOf(text: string, now: Date, timeZone: string): Date | undefined {
  const read = readPastDate(text, now, timeZone, 'end');
  if (read.kind === 'ok') return read.at;
  if (read.kind === 'future') return read.day.exact ?? endOfDay(read.day.y, read.day.m, read.day.d, timeZone);
  return undefined;
}

/** "Thu 26 Nov 2026, 9:05 am" in the plan's time zone. */
/**
 * One formatter per time zone, and the last few thousand answers remembered: a history or a board
 * page formats the same updates' times on every request (key made without JSON.stringify).
 */
function formatterIn(options: Intl.DateTimeFormatOptions, remember = 4_000): (at: Date, timeZone: string) => string {
  const byZone = new Map<string, Intl.DateTimeFormat>();
  const answers = new Map<string, string>();
  return (at, timeZone) => {
    const key = `${timeZone} ${at.getTime()}`;
    let text = answers.get(key);
    if (text === undefined) {
      let format = byZone.get(timeZone);
      if (!format) byZone.set(timeZone, (format = new Intl.DateTimeFormat('en-NZ', { ...options, timeZone })));
      text = format.format(at);
      if (answers.size >= remember) answers.delete(answers.keys().next().value!);
      answers.set(key, text);
    }
    return text;
  };
}

export const formatDateTime = formatterIn({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });

export const formatDate = formatterIn({ day: 'numeric', month: 'short', year: 'numeric' });

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

// ---- Dates as people write them ("last week", "last Friday", "end of last month", "1 Oct") ----
// chrono-node reads the words; we decide the direction per use and the time zone.

export type DateDirection = 'past' | 'future';

/** A calendar day in the plan's time zone, or an exact instant when the text named a time. */
export interface ReadDay {
  y: number;
  m: number;
  d: number;
  /** Set when the text gave a clock time or an offset (2026-10-01T09:00, 2026-10-01T09:00Z). */
  exact?: Date;
}

const compareDay = (a: { y: number; m: number; d: number }, b: { y: number; m: number; d: number }) =>
  a.y - b.y || a.m - b.m || a.d - b.d;

/** Our own exact forms first (ISO dates are never second-guessed), then chrono for the rest. */
function readExact(t: string, timeZone: string): ReadDay | null | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return validCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) ?? null;
  m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (m) {
    const day = validCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!day) return null;
    return { ...day, exact: zonedTime(day.y, day.m, day.d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, timeZone) };
  }
  if (/^\d{4}-\d{2}-\d{2}t.*(z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const at = new Date(t.toUpperCase());
    if (Number.isNaN(at.getTime())) return null;
    return { ...zonedDate(at, timeZone), exact: at };
  }
  return undefined;
}

function validCalendarDay(y: number, m: number, d: number): ReadDay | undefined {
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return { y, m, d };
}

/**
 * Reads a day people wrote, in `timeZone`, looking `direction` from `now` when the text leaves it
 * open: "1 Oct" is the last 1 October for `past` (as of, changes since) and the next for `future`
 * (due dates). Undefined when the words are not a date (the whole text must be one).
 */
export function readDay(text: string, now: Date, timeZone: string, direction: DateDirection): ReadDay | undefined {
  const t = text.trim().toLowerCase().replace(/^(?:on|the)\s+/, '').replace(/[.!?]+$/, '');
  // No date people write is longer; a longer text is not read (and never costs chrono a long scan).
  if (t === '' || t.length > 80) return undefined;
  const exact = readExact(t, timeZone);
  if (exact !== undefined) return exact ?? undefined;
  const today = zonedDate(now, timeZone);
  if (t === 'now') return { ...today, exact: now };
  const results = chrono.en.GB.parse(t, { instant: now, timezone: zoneOffsetMinutes(now, timeZone) }, { forwardDate: direction === 'future' });
  const r = results[0];
  if (!r || results.length !== 1 || r.index !== 0 || r.text.length !== t.length) return undefined;
  const y = r.start.get('year');
  const m = r.start.get('month');
  const d = r.start.get('day');
  if (y === null || m === null || d === null) return undefined;
  let day = validCalendarDay(y, m, d);
  if (!day) return undefined;
  // chrono picks the nearest year for "10 Dec"; a past reading wants the last one.
  if (direction === 'past' && !r.start.isCertain('year') && compareDay(day, today) > 0) day = validCalendarDay(y - 1, m, d);
  if (direction === 'future' && !r.start.isCertain('year') && compareDay(day ?? today, today) < 0) day = validCalendarDay(y + 1, m, d);
  return day;
}

export type PastDate = { kind: 'ok'; at: Date; day: ReadDay } | { kind: 'future'; day: ReadDay } | { kind: 'unreadable' };

/**
 * A past date for "as of" (the end of that day) or "since" (the start of it). A day after today
 * is answered as such rather than quietly read as something else.
 */
export function readPastDate(text: string, now: Date, timeZone: string, edge: 'start' | 'end'): PastDate {
  const day = readDay(text, now, timeZone, 'past');
  if (!day) return { kind: 'unreadable' };
  if (compareDay(day, zonedDate(now, timeZone)) > 0 || (day.exact && day.exact.getTime() > now.getTime() && edge === 'start')) return { kind: 'future', day };
  if (day.exact) return { kind: 'ok', at: day.exact, day };
  const at = edge === 'end' ? endOfDay(day.y, day.m, day.d, timeZone) : zonedTime(day.y, day.m, day.d, 0, 0, 0, 0, timeZone);
  return { kind: 'ok', at, day };
}

/** A due date or a return from time away: the end of the next such day (today counts). */
export function parseDueDate(text: string, now: Date, timeZone: string): Date | undefined {
  const day = readDay(text, now, timeZone, 'future');
  if (!day) return undefined;
  return day.exact ?? endOfDay(day.y, day.m, day.d, timeZone);
}

/** The start of the current week (Monday, 00:00) in `timeZone`. */
export function startOfWeek(now: Date, timeZone: string): Date {
  const today = zonedDate(now, timeZone);
  const weekday = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay(); // 0 Sunday
  const back = (weekday + 6) % 7;
  return zonedTime(today.y, today.m, today.d - back, 0, 0, 0, 0, timeZone);
}

/** The start of today in `timeZone`. */
export function startOfDay(now: Date, timeZone: string): Date {
  const today = zonedDate(now, timeZone);
  return zonedTime(today.y, today.m, today.d, 0, 0, 0, 0, timeZone);
}

/** "1 Oct 2026" for a day read from text. */
export function formatDay(day: { y: number; m: number; d: number }): string {
  return `${day.d} ${MONTHS[day.m - 1]!.replace(/^./, (c) => c.toUpperCase())} ${day.y}`;
}

// Dates as people in the plan's time zone read and write them.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offset of `timeZone` from UTC at instant `at`, in minutes (e.g. +780 for NZDT). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The instant a wall-clock time in `timeZone` names (the later one in a DST overlap). */
export function zonedTime(y: number, month: number, d: number, h: number, min: number, s: number, ms: number, timeZone: string): Date {
  const guess = Date.UTC(y, month - 1, d, h, min, s, ms);
  let at = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  at = guess - zoneOffsetMinutes(new Date(at), timeZone) * 60000;
  return new Date(at);
}

/** The calendar date of `at` in `timeZone`. */
export function zonedDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return { y: y!, m: m!, d: d! };
}

const endOfDay = (y: number, m: number, d: number, tz: string) => zonedTime(y, m, d, 23, 59, 59, 999, tz);

/**
 * Reads "as of" dates: 2026-10-01, 2026-10-01T09:00, 1 October 2026, 1 Oct, today, yesterday,
 * 3 days ago, 2 weeks ago. A day means the end of that day in `timeZone`. Undefined when unreadable.
 */
export function parseAsOf(text: string, now: Date, timeZone: string): Date | undefined {
  const t = text.trim().toLowerCase();
  const today = zonedDate(now, timeZone);
  if (t === 'now') return now;
  if (t === 'today') return endOfDay(today.y, today.m, today.d, timeZone);
  if (t === 'yesterday') return endOfDay(today.y, today.m, today.d - 1, timeZone);
  let m = /^(\d+)\s+(day|week)s?\s+ago$/.exec(t);
  if (m) {
    const days = Number(m[1]) * (m[2] === 'week' ? 7 : 1);
    return endOfDay(today.y, today.m, today.d - days, timeZone);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]), timeZone);
  m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (m) return zonedTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, timeZone);
  if (/^\d{4}-\d{2}-\d{2}t.*(z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const at = new Date(text.trim());
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)(?:\s+(\d{4}))?$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3)) + 1;
    if (month === 0) return undefined;
    return validDay(m[3] ? Number(m[3]) : today.y, month, Number(m[1]), timeZone);
  }
  return undefined;
}

function validDay(y: number, m: number, d: number, tz: string): Date | undefined {
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return endOfDay(y, m, d, tz);
}

/** "Thu 26 Nov 2026, 9:05 am" in the plan's time zone. */
export function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-NZ', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit',
  }).format(at);
}

export function formatDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-NZ', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

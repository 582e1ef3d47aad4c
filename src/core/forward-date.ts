// Dates that look forward — a due date, a first day back: "2027-03-31",
// "31 Mar 2027", "31 March" (the next one). The same words as `as of`
// answers read (parseAsOf), turned the other way when no year is given.
import { parseAsOf, zonedDate } from './time.js';

export interface CivilDay {
  y: number;
  m: number;
  d: number;
}

/** A calendar day at or after today (when no year is written); undefined when unreadable. */
export function readForwardDay(text: string, now: Date, timeZone: string): CivilDay | undefined {
  const end = parseAsOf(text, now, timeZone);
  if (!end) return undefined;
  const day = zonedDate(end, timeZone);
  if (/\d{4}/.test(text)) return day;
  return isoDay(day) < isoDay(zonedDate(now, timeZone)) ? { ...day, y: day.y + 1 } : day;
}

export function isoDay({ y, m, d }: CivilDay): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const longDay = new Intl.DateTimeFormat('en-NZ', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Wed, 31 Mar 2027" for a YYYY-MM-DD day. */
export function formatIsoDay(iso: string): string {
  return longDay.format(new Date(`${iso}T00:00:00Z`));
}

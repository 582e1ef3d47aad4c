// Dates that look forward — a due date, a first day back: "2027-03-31",
// "31 Mar 2027", "31 March", "next Friday" (the next one). Read by the same
// parser as `as of` answers (readDay), looking the other way.
import { readDay } from './time.js';

export interface CivilDay {
  y: number;
  m: number;
  d: number;
}

/** A calendar day, the next one when no year is written; undefined when unreadable. */
export function readForwardDay(text: string, now: Date, timeZone: string): CivilDay | undefined {
  const day = readDay(text, now, timeZone, 'future');
  return day && { y: day.y, m: day.m, d: day.d };
}

/** Words a date can take ("the last Friday of next month" is the longest people write). */
const MAX_DATE_WORDS = 6;

/**
 * A date at the start of `text` and the words after it ("2027-06-30 Waiting on Cabinet",
 * "next Friday back from leave"): the longest run of leading words that reads as a date.
 */
export function splitLeadingDay(text: string, now: Date, timeZone: string): { day: CivilDay; rest: string } | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (let n = Math.min(MAX_DATE_WORDS, words.length); n > 0; n--) {
    const day = readForwardDay(words.slice(0, n).join(' '), now, timeZone);
    if (day) return { day, rest: words.slice(n).join(' ') };
  }
  return undefined;
}

export function isoDay({ y, m, d }: CivilDay): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const longDay = new Intl.DateTimeFormat('en-NZ', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Wed, 31 Mar 2027" for a YYYY-MM-DD day. */
export function formatIsoDay(iso: string): string {
  return longDay.format(new Date(`${iso}T00:00:00Z`));
}

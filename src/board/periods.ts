// Calendar periods in the plan's time zone: quarters for the report, weeks
// (starting Monday) for the charts, and the start of a day for "changes since".
import { zonedDate, zonedTime } from '../core/time.js';

export interface Quarter {
  /** "2026-Q4" */
  id: string;
  year: number;
  q: 1 | 2 | 3 | 4;
  /** First instant of the quarter. */
  start: Date;
  /** Last instant of the quarter (inclusive). */
  end: Date;
  /** "October–December 2026" */
  label: string;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function quarter(year: number, q: 1 | 2 | 3 | 4, timeZone: string): Quarter {
  const firstMonth = (q - 1) * 3 + 1;
  const start = zonedTime(year, firstMonth, 1, 0, 0, 0, 0, timeZone);
  const end = new Date(zonedTime(year, firstMonth + 3, 1, 0, 0, 0, 0, timeZone).getTime() - 1);
  return { id: `${year}-Q${q}`, year, q, start, end, label: `${MONTH_NAMES[firstMonth - 1]}–${MONTH_NAMES[firstMonth + 1]} ${year}` };
}

/** "2026-Q4" (also "2026 q4", "Q4 2026"); undefined when it names no quarter. */
export function parseQuarter(text: string, timeZone: string): Quarter | undefined {
  const t = text.trim();
  const yearFirst = /^(\d{4})[\s-]*q([1-4])$/i.exec(t);
  const quarterFirst = /^q([1-4])[\s-]*(\d{4})$/i.exec(t);
  const year = Number(yearFirst?.[1] ?? quarterFirst?.[2]);
  const q = Number(yearFirst?.[2] ?? quarterFirst?.[1]);
  if (!yearFirst && !quarterFirst) return undefined;
  if (year < 2000 || year > 2100) return undefined;
  return quarter(year, q as 1 | 2 | 3 | 4, timeZone);
}

export function quarterOf(at: Date, timeZone: string): Quarter {
  const { y, m } = zonedDate(at, timeZone);
  return quarter(y, (Math.floor((m - 1) / 3) + 1) as 1 | 2 | 3 | 4, timeZone);
}

/** The first instant of a YYYY-MM-DD day in the plan's time zone; undefined when it is no date. */
export function startOfDay(text: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return zonedTime(y, mo, d, 0, 0, 0, 0, timeZone);
}

export interface Week {
  start: Date;
  /** The last instant of the week, or `until` for the week in progress. */
  end: Date;
}

/** Weeks (Monday to Sunday in `timeZone`) that overlap [from, until]. */
export function weeksBetween(from: Date, until: Date, timeZone: string): Week[] {
  const { y, m, d } = zonedDate(from, timeZone);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  const weeks: Week[] = [];
  for (let k = 0; ; k++) {
    const start = zonedTime(y, m, d - weekday + 7 * k, 0, 0, 0, 0, timeZone);
    if (start.getTime() > until.getTime()) break;
    const next = zonedTime(y, m, d - weekday + 7 * (k + 1), 0, 0, 0, 0, timeZone);
    weeks.push({ start, end: new Date(Math.min(next.getTime() - 1, until.getTime())) });
  }
  return weeks;
}

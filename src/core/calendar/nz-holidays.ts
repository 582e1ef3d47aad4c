// New Zealand's public holidays, national and (optionally) one region's
// anniversary day, as they are observed: the Holidays Act's Mondayisation of
// Waitangi Day and ANZAC Day, the Christmas and New Year rules, Matariki on
// the dates set in law. The rules come from date-holidays (a well-kept
// library whose New Zealand data has all of these); tests check every year of
// the plan against the dates published for it. Pure.
import Holidays from 'date-holidays';

/** Regions whose anniversary day can be added (HOLIDAY_REGION), by the codes date-holidays uses (ISO 3166-2:NZ). */
export const NZ_REGIONS = {
  AUK: 'Auckland', BOP: 'Bay of Plenty', CAN: 'Canterbury', CIT: 'Chatham Islands', GIS: 'Gisborne', HKB: "Hawke's Bay",
  MBH: 'Marlborough', MWT: 'Manawatū-Whanganui', NSN: 'Nelson', NTL: 'Northland', OTA: 'Otago', STL: 'Southland',
  TAS: 'Tasman', TKI: 'Taranaki', WKO: 'Waikato', WGN: 'Wellington', WTC: 'Westland',
} as const;
export type NzRegion = keyof typeof NZ_REGIONS;

/**
 * What to do with a digest or nudge due on a day off (DIGEST_ON_HOLIDAYS): move it to the next
 * working day at the same local time, drop it, or send it anyway.
 */
export type HolidayPolicy = 'next-working-day' | 'skip' | 'send';

/** The deployment's working-day calendar. */
export interface WorkingCalendar {
  policy: HolidayPolicy;
  region?: NzRegion;
}

export interface PublicHoliday {
  /** The day it is observed, YYYY-MM-DD (a Mondayised day's Monday). */
  date: string;
  name: string;
  /** For a Mondayised holiday: the calendar date it falls on, YYYY-MM-DD. */
  fallsOn?: string;
  /** True for the region's anniversary day. */
  regional?: boolean;
}

const calendars = new Map<string, Holidays>();
function calendar(region?: NzRegion): Holidays {
  const key = region ?? '';
  let hd = calendars.get(key);
  if (!hd) {
    hd = region ? new Holidays('NZ', region) : new Holidays('NZ');
    calendars.set(key, hd);
  }
  return hd;
}

const byYear = new Map<string, PublicHoliday[]>();

/**
 * The public holidays observed in `year`, in date order, one entry per day off. A holiday that
 * falls on a weekend and is observed on a later weekday (Mondayised) appears once, on the day it
 * is observed, with `fallsOn` giving its calendar date.
 */
export function publicHolidays(year: number, region?: NzRegion): PublicHoliday[] {
  const key = `${year}:${region ?? ''}`;
  const cached = byYear.get(key);
  if (cached) return cached;
  const raw = calendar(region).getHolidays(year).filter((h) => h.type === 'public');
  const substituted = new Map<string, string>(); // holiday name → observed date
  for (const h of raw) if (h.substitute) substituted.set(h.name.replace(/ \(substitute day\)$/, ''), h.date.slice(0, 10));
  const out: PublicHoliday[] = [];
  for (const h of raw) {
    if (h.substitute) continue;
    const date = h.date.slice(0, 10);
    const observed = substituted.get(h.name);
    const regional = /anniversary|show day/i.test(h.name) || undefined;
    const name = regional && region ? `${NZ_REGIONS[region]} Anniversary Day` : h.name;
    out.push(observed ? { date: observed, name, fallsOn: date } : { date, name, ...(regional ? { regional } : {}) });
  }
  out.sort((a, b) => a.date.localeCompare(b.date));
  byYear.set(key, out);
  return out;
}

/** The days off in `year` (observed dates), for quick look-ups. */
function daysOff(year: number, region?: NzRegion): Map<string, PublicHoliday> {
  return new Map(publicHolidays(year, region).map((h) => [h.date, h]));
}

export interface CivilDate {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

export function isoDate({ y, m, d }: CivilDate): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The public holiday observed on a day, if any. */
export function holidayOn(date: CivilDate, region?: NzRegion): PublicHoliday | undefined {
  return daysOff(date.y, region).get(isoDate(date));
}

export function isWeekend({ y, m, d }: CivilDate): boolean {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 || wd === 6;
}

/** Monday to Friday and not a public holiday (of the nation, or of `region` when given). */
export function isWorkingDay(date: CivilDate, region?: NzRegion): boolean {
  return !isWeekend(date) && !holidayOn(date, region);
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: CivilDate, region?: NzRegion): CivilDate {
  let day = date;
  // At most a long weekend plus Christmas and New Year: two weeks is far more than enough.
  for (let i = 0; i < 14 && !isWorkingDay(day, region); i++) {
    const t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
    day = { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
  }
  return day;
}

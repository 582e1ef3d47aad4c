// New Zealand's public holidays for every year of the plan, as published for
// those years (Employment New Zealand's public holiday dates; Matariki from the
// Te Kāhui o Matariki Public Holiday Act 2022's schedule), observed dates with
// the Mondayised ones marked.
import { describe, expect, it } from 'vitest';
import { isWorkingDay, nextWorkingDay, publicHolidays } from '../../../src/core/calendar/nz-holidays.js';

const PUBLISHED: Record<number, string[]> = {
  2026: [
    "2026-01-01 New Year's Day", "2026-01-02 Day after New Year's Day", '2026-02-06 Waitangi Day', '2026-04-03 Good Friday',
    '2026-04-06 Easter Monday', '2026-04-27 ANZAC Day (2026-04-25)', "2026-06-01 King's Birthday", '2026-07-10 Matariki',
    '2026-10-26 Labour Day', '2026-12-25 Christmas Day', '2026-12-28 Boxing Day (2026-12-26)',
  ],
  2027: [
    "2027-01-01 New Year's Day", "2027-01-04 Day after New Year's Day (2027-01-02)", '2027-02-08 Waitangi Day (2027-02-06)',
    '2027-03-26 Good Friday', '2027-03-29 Easter Monday', '2027-04-26 ANZAC Day (2027-04-25)', "2027-06-07 King's Birthday",
    '2027-06-25 Matariki', '2027-10-25 Labour Day', '2027-12-27 Christmas Day (2027-12-25)', '2027-12-28 Boxing Day (2027-12-26)',
  ],
  2028: [
    "2028-01-03 New Year's Day (2028-01-01)", "2028-01-04 Day after New Year's Day (2028-01-02)", '2028-02-07 Waitangi Day (2028-02-06)',
    '2028-04-14 Good Friday', '2028-04-17 Easter Monday', '2028-04-25 ANZAC Day', "2028-06-05 King's Birthday", '2028-07-14 Matariki',
    '2028-10-23 Labour Day', '2028-12-25 Christmas Day', '2028-12-26 Boxing Day',
  ],
  2029: [
    "2029-01-01 New Year's Day", "2029-01-02 Day after New Year's Day", '2029-02-06 Waitangi Day', '2029-03-30 Good Friday',
    '2029-04-02 Easter Monday', '2029-04-25 ANZAC Day', "2029-06-04 King's Birthday", '2029-07-06 Matariki', '2029-10-22 Labour Day',
    '2029-12-25 Christmas Day', '2029-12-26 Boxing Day',
  ],
  2030: [
    "2030-01-01 New Year's Day", "2030-01-02 Day after New Year's Day", '2030-02-06 Waitangi Day', '2030-04-19 Good Friday',
    '2030-04-22 Easter Monday', '2030-04-25 ANZAC Day', "2030-06-03 King's Birthday", '2030-06-21 Matariki', '2030-10-28 Labour Day',
    '2030-12-25 Christmas Day', '2030-12-26 Boxing Day',
  ],
};

const shown = (year: number, region?: Parameters<typeof publicHolidays>[1]) =>
  publicHolidays(year, region).map((h) => `${h.date} ${h.name}${h.fallsOn ? ` (${h.fallsOn})` : ''}`);

describe('national public holidays', () => {
  it.each(Object.keys(PUBLISHED).map(Number))('%i: every holiday on the day it is observed', (year) => {
    expect(shown(year)).toEqual(PUBLISHED[year]);
  });

  it('Matariki falls on the dates set in law', () => {
    const matariki = [2026, 2027, 2028, 2029, 2030].map((y) => publicHolidays(y).find((h) => h.name === 'Matariki')?.date);
    expect(matariki).toEqual(['2026-07-10', '2027-06-25', '2028-07-14', '2029-07-06', '2030-06-21']);
  });
});

describe('a region’s anniversary day (HOLIDAY_REGION)', () => {
  it('adds Wellington Anniversary Day (the Monday nearest 22 January) and nothing else', () => {
    expect(shown(2027, 'WGN')).toEqual([...PUBLISHED[2027]!.slice(0, 2), '2027-01-25 Wellington Anniversary Day', ...PUBLISHED[2027]!.slice(2)]);
  });

  it('adds Auckland Anniversary Day (the Monday nearest 29 January)', () => {
    expect(publicHolidays(2027, 'AUK').find((h) => h.regional)).toEqual({ date: '2027-02-01', name: 'Auckland Anniversary Day', regional: true });
  });

  it("adds Canterbury's Show Day (second Friday after the first Tuesday of November)", () => {
    expect(publicHolidays(2027, 'CAN').find((h) => h.regional)?.date).toBe('2027-11-12');
  });
});

describe('working days', () => {
  it('a weekend, a Mondayised holiday and Matariki are not working days; the day after is', () => {
    expect(isWorkingDay({ y: 2027, m: 2, d: 6 })).toBe(false); // Saturday, Waitangi Day
    expect(isWorkingDay({ y: 2027, m: 2, d: 8 })).toBe(false); // its observed Monday
    expect(isWorkingDay({ y: 2027, m: 2, d: 9 })).toBe(true);
    expect(isWorkingDay({ y: 2027, m: 6, d: 25 })).toBe(false); // Matariki, a Friday
  });

  it('the next working day after Christmas 2027 is Wednesday 29 December', () => {
    expect(nextWorkingDay({ y: 2027, m: 12, d: 25 })).toEqual({ y: 2027, m: 12, d: 29 });
  });

  it('a regional anniversary day is a day off only in its region', () => {
    expect(isWorkingDay({ y: 2027, m: 1, d: 25 })).toBe(true);
    expect(isWorkingDay({ y: 2027, m: 1, d: 25 }, 'WGN')).toBe(false);
  });
});

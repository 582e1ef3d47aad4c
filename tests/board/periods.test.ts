// Quarters and weeks in the plan's time zone, and weekly counts that never guess.
import { describe, expect, it } from 'vitest';
import { parseQuarter, quarterOf, startOfDay, weeksBetween } from '../../src/board/periods.js';
import { weeklyCounts } from '../../src/board/summarise.js';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import type { StatusUpdate } from '../../src/core/store-port.js';

const TZ = 'Pacific/Auckland';

describe('quarters', () => {
  it('are calendar quarters in New Zealand time, however they are written', () => {
    for (const text of ['2026-Q4', '2026 q4', 'Q4 2026', '2026Q4']) {
      const q = parseQuarter(text, TZ)!;
      expect(q.id).toBe('2026-Q4');
      expect(q.start.toISOString()).toBe('2026-09-30T11:00:00.000Z'); // 1 Oct, 00:00 NZDT
      expect(q.end.toISOString()).toBe('2026-12-31T10:59:59.999Z'); // 31 Dec, 23:59:59.999 NZDT
      expect(q.label).toBe('October–December 2026');
    }
    expect(parseQuarter('2026-Q2', TZ)!.start.toISOString()).toBe('2026-03-31T11:00:00.000Z'); // NZDT ends 5 April
    expect(quarterOf(new Date('2026-12-31T10:59:59.999Z'), TZ).id).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-12-31T11:00:00.000Z'), TZ).id).toBe('2027-Q1');
  });

  it('refuses what names no quarter', () => {
    for (const text of ['2026-Q5', 'Q0 2026', '2026', 'last quarter', '', '1999-Q1']) expect(parseQuarter(text, TZ)).toBeUndefined();
  });
});

describe('days and weeks', () => {
  it('reads a day as its first instant in the plan\'s time zone, and refuses non-days', () => {
    expect(startOfDay('2026-11-01', TZ)!.toISOString()).toBe('2026-10-31T11:00:00.000Z');
    for (const text of ['2026-02-30', '1 Nov', 'yesterday', '2026-11-1']) expect(startOfDay(text, TZ)).toBeUndefined();
  });

  it('runs weeks Monday to Sunday, the last one cut at `until`', () => {
    const weeks = weeksBetween(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-20T00:00:00Z'), TZ);
    expect(weeks.map((w) => w.start.toISOString())).toEqual(['2026-09-27T11:00:00.000Z', '2026-10-04T11:00:00.000Z', '2026-10-11T11:00:00.000Z', '2026-10-18T11:00:00.000Z']);
    expect(weeks[0]!.end.toISOString()).toBe('2026-10-04T10:59:59.999Z');
    expect(weeks.at(-1)!.end.toISOString()).toBe('2026-10-20T00:00:00.000Z');
  });
});

describe('weekly counts', () => {
  const plan = readPlanFile();
  const items = plan.items();
  const update = (itemId: string, status: StatusUpdate['status'], at: string): StatusUpdate => ({
    id: at, itemId, action: 1, status, note: '', at: new Date(at), requestKey: at,
    by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] }, source: { platform: 'cli' },
  });
  const weeks = weeksBetween(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-25T00:00:00Z'), TZ);

  it('counts each item at the end of each week', () => {
    const histories = new Map([['7', [update('7', 'at-risk', '2026-10-13T00:00:00Z'), update('7', 'on-track', '2026-10-02T00:00:00Z')]]]);
    const series = weeklyCounts(items, histories, weeks);
    expect(series.map((w) => [w.counts['on-track'], w.counts['at-risk']])).toEqual([[1, 0], [1, 0], [0, 1], [0, 1]]);
    expect(series[0]!.counts['not-started']).toBe(items.length - 1);
  });

  it('leaves out weeks before a cut-short history reaches, rather than guess', () => {
    const histories = new Map([['7', [update('7', 'at-risk', '2026-10-13T00:00:00Z'), update('7', 'on-track', '2026-10-09T00:00:00Z')]]]);
    const series = weeklyCounts(items, histories, weeks, 2);
    expect(series.map((w) => w.week.start.toISOString())).toEqual(['2026-10-04T11:00:00.000Z', '2026-10-11T11:00:00.000Z', '2026-10-18T11:00:00.000Z']);
  });
});

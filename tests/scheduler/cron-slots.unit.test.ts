// Slots of the digest schedule in Pacific/Auckland, across both daylight-saving
// changes of 2026 (5 April: 3:00 NZDT → 2:00 NZST; 27 September: 2:00 NZST →
// 3:00 NZDT), checked against node-cron's own matcher where node-cron fires.
import fc from 'fast-check';
import cron from 'node-cron';
import { afterAll, describe, expect, it } from 'vitest';
import { createSchedule } from '../../src/scheduler/cron-slots.js';
import { planWake } from '../../src/scheduler/cron-trigger.js';
import { localDateTime } from '../../src/scheduler/local-time.js';

const TZ = 'Pacific/Auckland';
const iso = (d: Date | undefined) => d?.toISOString();

function slotsBetween(expression: string, from: string, count: number): string[] {
  const schedule = createSchedule(expression, TZ);
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < count; i++) out.push(iso((t = schedule.next(t)))!);
  return out;
}

const tasks: ReturnType<typeof cron.createTask>[] = [];
function cronMatcher(expression: string): (d: Date) => boolean {
  const task = cron.createTask(expression, () => undefined, { timezone: TZ });
  tasks.push(task);
  return (d) => task.match(d);
}
afterAll(async () => {
  for (const t of tasks) await t.destroy();
});

describe('a weekly Monday 9:00 schedule', () => {
  it('moves by an hour in UTC when New Zealand leaves daylight time (5 April 2026)', () => {
    expect(slotsBetween('0 9 * * 1', '2026-03-25T00:00:00Z', 3)).toEqual([
      '2026-03-29T20:00:00.000Z', // Mon 30 Mar, 9:00 NZDT (+13)
      '2026-04-05T21:00:00.000Z', // Mon 6 Apr, 9:00 NZST (+12)
      '2026-04-12T21:00:00.000Z',
    ]);
  });

  it('moves back when daylight time starts (27 September 2026)', () => {
    expect(slotsBetween('0 9 * * 1', '2026-09-15T00:00:00Z', 3)).toEqual([
      '2026-09-20T21:00:00.000Z', // Mon 21 Sep, 9:00 NZST
      '2026-09-27T20:00:00.000Z', // Mon 28 Sep, 9:00 NZDT
      '2026-10-04T20:00:00.000Z',
    ]);
  });

  it('names the last slot at or before a time, including the slot itself', () => {
    const s = createSchedule('0 9 * * 1', TZ);
    expect(iso(s.latest(new Date('2026-04-05T21:00:00Z')))).toBe('2026-04-05T21:00:00.000Z');
    expect(iso(s.latest(new Date('2026-04-05T20:59:59Z')))).toBe('2026-03-29T20:00:00.000Z');
    expect(iso(s.latest(new Date('2026-09-30T00:00:00Z')))).toBe('2026-09-27T20:00:00.000Z');
  });

  it('always lands on Monday 9:00 local time, as node-cron matches it (any instant)', () => {
    const s = createSchedule('0 9 * * 1', TZ);
    const matches = cronMatcher('0 9 * * 1');
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2031-01-01T00:00:00Z'), noInvalidDate: true }), (t) => {
        const next = s.next(t);
        const wall = localDateTime(next, TZ);
        expect([wall.weekday, wall.h, wall.min, wall.s]).toEqual([1, 9, 0, 0]);
        expect(matches(next)).toBe(true);
        expect(next.getTime()).toBeGreaterThan(t.getTime());
        expect(next.getTime() - t.getTime()).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
        expect(iso(s.latest(next))).toBe(iso(next));
        expect(iso(s.latest(new Date(next.getTime() - 1)))).toBe(iso(s.latest(t)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a daily 02:30 schedule', () => {
  it('fires once on the day 02:30 happens twice (5 April), at the later 02:30 (NZST), as node-cron does', () => {
    const slots = slotsBetween('30 2 * * *', '2026-04-02T00:00:00Z', 4);
    expect(slots).toEqual([
      '2026-04-02T13:30:00.000Z', // Fri 3 Apr 02:30 NZDT
      '2026-04-03T13:30:00.000Z', // Sat 4 Apr 02:30 NZDT
      '2026-04-04T14:30:00.000Z', // Sun 5 Apr 02:30 NZST (the second 02:30)
      '2026-04-05T14:30:00.000Z', // Mon 6 Apr 02:30 NZST
    ]);
    const matches = cronMatcher('30 2 * * *');
    for (const s of slots) expect(matches(new Date(s))).toBe(true);
  });

  it('fires at 03:30 NZDT on the day 02:30 does not exist (27 September) instead of skipping the day', () => {
    const slots = slotsBetween('30 2 * * *', '2026-09-25T00:00:00Z', 3);
    expect(slots).toEqual([
      '2026-09-25T14:30:00.000Z', // Sat 26 Sep 02:30 NZST
      '2026-09-26T14:30:00.000Z', // Sun 27 Sep: 02:30 is in the gap → 03:30 NZDT
      '2026-09-27T13:30:00.000Z', // Mon 28 Sep 02:30 NZDT
    ]);
    const wall = localDateTime(new Date(slots[1]!), TZ);
    expect([wall.d, wall.h, wall.min]).toEqual([27, 3, 30]);
  });

  it('arms its own timer for the gap slot, which node-cron would skip, and leaves the others to node-cron', () => {
    const s = createSchedule('30 2 * * *', TZ);
    const matches = cronMatcher('30 2 * * *');
    expect(planWake(s, matches, new Date('2026-09-26T12:00:00Z'))).toEqual({ at: new Date('2026-09-26T14:30:00Z'), by: 'timer' });
    expect(planWake(s, matches, new Date('2026-09-26T15:00:00Z'))).toEqual({ at: new Date('2026-09-27T13:30:00Z'), by: 'cron' });
    expect(planWake(s, matches, new Date('2026-04-04T13:00:00Z'))).toEqual({ at: new Date('2026-04-04T14:30:00Z'), by: 'cron' });
  });

  it('treats the gap slot as the latest slot only once it has come', () => {
    const s = createSchedule('30 2 * * *', TZ);
    expect(iso(s.latest(new Date('2026-09-26T14:29:59Z')))).toBe('2026-09-25T14:30:00.000Z'); // 03:29 NZDT on the 27th
    expect(iso(s.latest(new Date('2026-09-26T14:30:00Z')))).toBe('2026-09-26T14:30:00.000Z');
  });
});

describe('other node-cron forms', () => {
  it('reads a seconds field', () => {
    const s = createSchedule('*/20 * * * * *', TZ);
    expect(iso(s.next(new Date('2026-05-01T00:00:05Z')))).toBe('2026-05-01T00:00:20.000Z');
    expect(iso(s.latest(new Date('2026-05-01T00:00:59.999Z')))).toBe('2026-05-01T00:00:40.000Z');
  });

  it('reads nth-weekday and last-day tokens', () => {
    expect(slotsBetween('0 9 * * 1#1', '2026-09-30T00:00:00Z', 2)).toEqual(['2026-10-04T20:00:00.000Z', '2026-11-01T20:00:00.000Z']);
    expect(slotsBetween('0 17 L * *', '2026-01-31T05:00:00Z', 2)).toEqual(['2026-02-28T04:00:00.000Z', '2026-03-31T04:00:00.000Z']);
  });
});

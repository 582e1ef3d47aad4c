// The daylight-saving rule of zonedTime (src/core/time.ts), on both sides of UTC: a time that
// happens twice names the later instant; a time in the spring-forward gap names the instant it
// would be under the offset before the change.
import { describe, expect, it } from 'vitest';
import { zonedTime, zoneOffsetMinutes } from '../../src/core/time.js';
import { instantOf } from '../../src/scheduler/local-time.js';

const iso = (d: Date) => d.toISOString();

describe('zonedTime', () => {
  const cases: [zone: string, wall: [number, number, number, number, number], instant: string, why: string][] = [
    // Pacific/Auckland: NZDT (+13) ends 5 April 2026 03:00 → 02:00; NZST (+12) ends 27 September 2026 02:00 → 03:00.
    ['Pacific/Auckland', [2026, 4, 5, 2, 30], '2026-04-04T14:30:00.000Z', 'twice: the later, NZST'],
    ['Pacific/Auckland', [2026, 9, 27, 2, 30], '2026-09-26T14:30:00.000Z', 'in the gap: 02:30 NZST = 03:30 NZDT'],
    ['Pacific/Auckland', [2026, 6, 1, 9, 0], '2026-05-31T21:00:00.000Z', 'an ordinary winter morning'],
    // America/New_York: EST (−5) → EDT 8 March 2026 02:00 → 03:00; EDT (−4) → EST 1 November 2026 02:00 → 01:00.
    ['America/New_York', [2026, 3, 8, 2, 30], '2026-03-08T07:30:00.000Z', 'in the gap: 02:30 EST = 03:30 EDT'],
    ['America/New_York', [2026, 11, 1, 1, 30], '2026-11-01T06:30:00.000Z', 'twice: the later, EST'],
  ];
  it.each(cases)('%s %j → %s (%s)', (zone, [y, m, d, h, min], expected) => {
    expect(iso(zonedTime(y, m, d, h, min, 0, 0, zone))).toBe(expected);
    expect(iso(instantOf({ y, m, d }, h, min, 0, zone))).toBe(expected);
  });

  it('carries days and months over, as Date.UTC does', () => {
    expect(iso(zonedTime(2026, 1, 0, 0, 0, 0, 0, 'Pacific/Auckland'))).toBe(iso(zonedTime(2025, 12, 31, 0, 0, 0, 0, 'Pacific/Auckland')));
    expect(iso(zonedTime(2026, 13, 1, 0, 0, 0, 0, 'Pacific/Auckland'))).toBe(iso(zonedTime(2027, 1, 1, 0, 0, 0, 0, 'Pacific/Auckland')));
  });

  it('refuses an unknown zone as Intl does', () => {
    expect(() => zonedTime(2026, 1, 1, 0, 0, 0, 0, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => zoneOffsetMinutes(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

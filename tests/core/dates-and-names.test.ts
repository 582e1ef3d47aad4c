// Dates people write, read in the plan's time zone in one direction per use,
// and the agencies' te reo Māori names as the data file records them.
import { describe, expect, it } from 'vitest';
import { agencyLabel } from '../../src/core/describe.js';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import { resolveAgency } from '../../src/core/resolve-agency.js';
import { parseAsOf, parseDueDate, readDay, readPastDate } from '../../src/core/time.js';

const TZ = 'Pacific/Auckland';
// Tue 1 Dec 2026, 10:30 pm in New Zealand (NZDT, +13).
const now = new Date('2026-12-01T09:30:00Z');
const day = (text: string, direction: 'past' | 'future') => {
  const d = readDay(text, now, TZ, direction);
  return d ? `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}` : undefined;
};

describe('dates people write, in Pacific/Auckland', () => {
  it.each([
    ['yesterday', '2026-11-30'],
    ['last week', '2026-11-24'],
    ['last Friday', '2026-11-27'],
    ['end of last month', '2026-11-30'],
    ['1 Oct', '2026-10-01'],
    ['10 Dec', '2025-12-10'],
    ['2026-10-01', '2026-10-01'],
    ['1 October 2026', '2026-10-01'],
    ['01/10/2026', '2026-10-01'],
    ['3 days ago', '2026-11-28'],
    ['today', '2026-12-01'],
  ])('looking back, "%s" is %s', (text, expected) => {
    expect(day(text, 'past')).toBe(expected);
  });

  it.each([
    ['1 Oct', '2027-10-01'],
    ['10 Dec', '2026-12-10'],
    ['Friday', '2026-12-04'],
    ['tomorrow', '2026-12-02'],
    ['2026-10-01', '2026-10-01'],
  ])('looking forward (due dates), "%s" is %s', (text, expected) => {
    expect(day(text, 'future')).toBe(expected);
  });

  it('takes the day in New Zealand, not in UTC: at 10:30 pm NZDT "today" is already 1 Dec', () => {
    expect(parseAsOf('today', now, TZ)?.toISOString()).toBe('2026-12-01T10:59:59.999Z');
    expect(readPastDate('1 Nov', now, TZ, 'start')).toMatchObject({ kind: 'ok', at: new Date('2026-10-31T11:00:00.000Z') });
  });

  it('answers a day still to come as such when looking back', () => {
    expect(readPastDate('tomorrow', now, TZ, 'end')).toMatchObject({ kind: 'future', day: { y: 2026, m: 12, d: 2 } });
    expect(readPastDate('2027-01-01', now, TZ, 'start').kind).toBe('future');
  });

  it('gives due dates the end of the next such day', () => {
    expect(parseDueDate('1 Oct', now, TZ)?.toISOString()).toBe('2027-10-01T10:59:59.999Z');
  });

  it.each(['someday', '31 Foo', '2026-02-30', 'soon', '7', 'next to nothing', ''])('does not read "%s" as a date', (text) => {
    expect(readDay(text, now, TZ, 'past')).toBeUndefined();
  });
});

describe('te reo Māori agency names', () => {
  const plan = readPlanFile();
  const ISSUE_NAMES: Record<string, string> = {
    ird: 'Te Tari Taake', police: 'Ngā Pirihimana o Aotearoa', customs: 'Te Mana Ārai o Aotearoa', mbie: 'Hīkina Whakatutuki',
    moj: 'Te Tāhū o te Ture', corrections: 'Ara Poutama Aotearoa', health: 'Manatū Hauora', nzdf: 'Te Ope Kātua o Aotearoa', mfat: 'Manatū Aorere',
  };

  it('records the issue’s names, each with its source, and marks the ones not checked', () => {
    for (const [id, name] of Object.entries(ISSUE_NAMES)) {
      expect(plan.agency(id)!.maoriNames.map((n) => n.name), id).toContain(name);
    }
    for (const agency of plan.agencies) {
      for (const n of agency.maoriNames) {
        expect(n.source.length, `${agency.id}: ${n.name}`).toBeGreaterThan(20);
        if (!n.checked) expect(n.source, `${agency.id}: ${n.name}`).toMatch(/^Could not check/);
      }
    }
  });

  it.each([
    ['Te Tari Taake', 'ird'], ['te tari taake', 'ird'], ['TE TARI TAAKE', 'ird'], ['Tari Taake', 'ird'],
    ['Ngā Pirihimana', 'police'], ['Nga Pirihimana', 'police'], ['ngaa pirihimana', 'police'],
    ['Te Mana Ārai', 'customs'], ['Hikina Whakatutuki', 'mbie'], ['Te Tahu o te Ture', 'moj'], ['Ara Poutama', 'corrections'],
    ['Manatū Hauora', 'health'], ['Te Ope Katua o Aotearoa', 'nzdf'], ['Te Ope Kaatua', 'nzdf'], ['manatu aorere', 'mfat'],
    ['Te Manatū Waka', 'mot'], ['Te Ratonga Manene', 'inz'], ['Mahi Haumaru', 'worksafe'],
  ])('"%s" is %s', (text, id) => {
    expect(resolveAgency(plan.agencies, text)).toMatchObject({ kind: 'found', agency: { id } });
  });

  it.each([
    ['Manatū', ['health', 'mfat', 'mot']],
    ['Aotearoa', ['police', 'customs', 'nzdf', 'corrections', 'worksafe']],
  ])('"%s" is shared, so every agency it could mean is a candidate', (text, ids) => {
    const match = resolveAgency(plan.agencies, text);
    expect(match.kind).toBe('ambiguous');
    if (match.kind === 'ambiguous') expect(match.candidates.map((a) => a.id).sort()).toEqual([...ids].sort());
  });

  it('labels agencies English first, with the Māori name in bilingual mode', () => {
    const ird = plan.agency('ird')!;
    expect(agencyLabel(ird)).toBe('Inland Revenue');
    expect(agencyLabel(ird, 'bilingual')).toBe('Inland Revenue (Te Tari Taake)');
    expect(agencyLabel(plan.agency('police')!, 'bilingual')).toBe('New Zealand Police (Ngā Pirihimana o Aotearoa)');
    expect(agencyLabel(plan.agency('mnz')!, 'bilingual')).toBe('Maritime New Zealand (Maritime NZ)');
  });
});

describe('the data file’s Māori names', () => {
  it('refuses the same Māori name on two agencies, naming where', async () => {
    const { loadPlan, readPlanFile: read } = await import('../../src/core/plan/load-plan.js');
    const data = structuredClone(read().data);
    data.agencies[1]!.maoriNames = [{ name: 'Nga Pirihimana o Aotearoa', source: 'a slip in transcription', checked: false }];
    expect(() => loadPlan(data)).toThrow(/agencies\[1\]\.maoriNames\[0\]\.name: "Nga Pirihimana o Aotearoa" is also the Māori name of police/);
  });
});

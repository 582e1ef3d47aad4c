// Checks the plan data file against the source text it was transcribed from,
// word for word, and checks loadPlan's rejection of bad data.
//
// The source is the extracted text of the published plan, kept in the repo at
// data/source/ (its README says where it came from). Rows of its
// tables start with the action number and a tab; cells are tab-separated
// (#, Action, Priority & Focus Areas, Coordinating Agency, What Success Looks Like);
// a row starting with a tab continues the previous action (action 1 has two rows).
// Only whitespace and list/HTML markup are cleaned before comparing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlan, PlanDataError, readPlanFile } from '../../src/core/plan/load-plan.js';
import type { PlanItem } from '../../src/core/plan/plan.js';
import type { Action } from '../../src/core/plan/plan-schema.js';

const SOURCE_FILE = fileURLToPath(new URL('../../data/source/tsoc-action-plan-2026-2030.txt', import.meta.url));
const DATA_FILE = fileURLToPath(new URL('../../data/tsoc-action-plan-2026-2030.json', import.meta.url));

const SOURCE = readFileSync(SOURCE_FILE, 'utf8');
const RAW_DATA: unknown = JSON.parse(readFileSync(DATA_FILE, 'utf8'));
const plan = readPlanFile(DATA_FILE);

// ---------------------------------------------------------------------------
// Source parsing

/** Strip HTML tags, collapse whitespace, drop spaces before punctuation (`Framework .`). */
function clean(s: string): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,:;!?])/g, '$1')
    .trim();
}

/** Split cleaned text at list markers `a) … b) …` into the intro and lettered segments. */
function splitLettered(cleaned: string): { intro: string; parts: { letter: string; text: string }[] } {
  const markers = [...cleaned.matchAll(/(?:^|\s)([a-z])\)\s/g)];
  if (markers.length === 0) return { intro: cleaned, parts: [] };
  const intro = cleaned.slice(0, markers[0]!.index).trim();
  const parts = markers.map((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < markers.length ? markers[i + 1]!.index : cleaned.length;
    return { letter: m[1]!, text: cleaned.slice(start, end).trim() };
  });
  return { intro, parts };
}

/** Plain prose with several sentences → one statement per sentence. */
function sentences(cleaned: string): string[] {
  return cleaned === '' ? [] : cleaned.split(/(?<=[.!?])\s+(?=[A-Z"])/);
}

/** A success cell → statements: one per `<p>` paragraph, else one per sentence. */
function statements(rawCell: string): string[] {
  if (/<p>/i.test(rawCell)) {
    const paragraphs = [...rawCell.matchAll(/<p>([\s\S]*?)<\/p>/gi)].map((m) => clean(m[1]!));
    // Nothing may sit outside the paragraphs.
    expect(clean(rawCell.replace(/<p>[\s\S]*?<\/p>/gi, ''))).toBe('');
    return paragraphs;
  }
  return sentences(clean(rawCell));
}

const lines = SOURCE.split(/\r?\n/);
const headerLine = lines.find((l) => l.startsWith('#\t'));
if (!headerLine) throw new Error(`no table header in ${SOURCE_FILE}`);
const header = headerLine.split('\t');
const COL = {
  action: header.indexOf('Action'),
  areas: header.indexOf('Priority & Focus Areas'),
  coord: header.indexOf('Coordinating Agency'),
  success: header.indexOf('What Success Looks Like'),
};

interface SourceAction {
  rows: string[][];
  tier: 'first' | 'second' | undefined;
  heading: string | undefined;
}

const sourceActions = new Map<number, SourceAction>();
{
  let tier: SourceAction['tier'];
  let heading: string | undefined;
  let current: SourceAction | undefined;
  for (const line of lines) {
    const number = /^(\d+)\t/.exec(line)?.[1];
    if (number !== undefined) {
      current = { rows: [line.split('\t')], tier, heading };
      expect(sourceActions.has(Number(number)), `action ${number} appears twice in the source`).toBe(false);
      sourceActions.set(Number(number), current);
    } else if (line.startsWith('\t') && current) {
      current.rows.push(line.split('\t'));
    } else if (/^FIRST PRIORITY ACTIONS\t/.test(line)) {
      [tier, heading, current] = ['first', undefined, undefined];
    } else if (/^SECOND PRIORITY ACTIONS\t/.test(line)) {
      [tier, heading, current] = ['second', undefined, undefined];
    } else if (/^[A-Z][A-Z -]+\t+$/.test(line)) {
      [heading, current] = [line.trim(), undefined];
    } else {
      current = undefined;
    }
  }
}

function source(n: number): SourceAction {
  const s = sourceActions.get(n);
  if (!s) throw new Error(`action ${n} not in the source`);
  return s;
}

function cell(row: string[] | undefined, col: number): string {
  return row?.[col] ?? '';
}

/** How the source's Coordinating Agency column words each agency (independent of the data file). */
const SOURCE_WORDING: Record<string, string> = {
  police: 'Police',
  customs: 'Customs',
  mbie: 'Ministry of Business, Innovation and Employment',
  ird: 'Inland Revenue',
  moj: 'Ministry of Justice',
  mot: 'Ministry of Transport',
  mnz: 'Maritime New Zealand',
  gcsb: 'Government Communications Security Bureau',
  nzdf: 'the New Zealand Defence Force',
  health: 'Health',
  corrections: 'Corrections',
  mfat: 'Ministry of Foreign Affairs',
  tsoc: 'TSOC Department/Agency',
};
const WORDINGS = Object.entries(SOURCE_WORDING).sort((a, b) => b[1].length - a[1].length);

/** A cleaned Coordinating Agency cell (or segment) → agency ids in source order; throws on leftover text. */
function agenciesIn(text: string): string[] {
  const ids: string[] = [];
  let pos = 0;
  for (;;) {
    pos += /^[\s,]*/.exec(text.slice(pos))![0].length;
    if (pos >= text.length) return ids;
    const hit = WORDINGS.find(
      ([, w]) => text.startsWith(w, pos) && (pos + w.length === text.length || /[\s,]/.test(text[pos + w.length]!)),
    );
    if (!hit) throw new Error(`unrecognised agency wording at "${text.slice(pos)}" in "${text}"`);
    ids.push(hit[0]);
    pos += hit[1].length;
  }
}

/** The coordinators the source gives an item, derived from the source alone. */
function sourceCoordinators(item: PlanItem): string[] {
  const src = source(item.action.number);
  if (item.part?.title !== undefined) {
    // Action 1: each row's cell is labelled with the part's name.
    const label = `${item.part.title}: `;
    const cells = src.rows.map((r) => clean(cell(r, COL.coord))).filter((c) => c.startsWith(label));
    expect(cells, `one Coordinating Agency cell labelled "${item.part.title}"`).toHaveLength(1);
    return agenciesIn(cells[0]!.slice(label.length));
  }
  expect(src.rows, `action ${item.action.number} has one source row`).toHaveLength(1);
  const coordCell = clean(cell(src.rows[0], COL.coord));
  const lettered = splitLettered(coordCell);
  if (item.part && lettered.parts.length > 0) {
    expect(lettered.intro).toBe('');
    const segment = lettered.parts.filter((p) => p.letter === item.part!.letter);
    expect(segment, `one "${item.part.letter})" segment in "${coordCell}"`).toHaveLength(1);
    return agenciesIn(segment[0]!.text);
  }
  // An action without parts, or parts the source gives agencies for as a whole (action 14).
  expect(lettered.parts).toEqual([]);
  return agenciesIn(coordCell);
}

// ---------------------------------------------------------------------------

describe('plan data file', () => {
  it('loads and validates', () => {
    expect(() => loadPlan(RAW_DATA)).not.toThrow();
    expect(readPlanFile().actions).toHaveLength(18);
    expect(plan.version).toBe('2026-2030 v1');
  });

  it('carries the source title', () => {
    expect(plan.title).toBe('Transnational, Serious and Organised Crime (TSOC) Action Plan 2026-2030');
    expect(lines).toContain(plan.title);
  });

  it('has 18 actions, numbered 1..18 as in the source', () => {
    expect(plan.actions.map((a) => a.number)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect([...sourceActions.keys()]).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  it('has exactly the parts 1a,1b,4a–4c,13a–13c,14a–14d', () => {
    const parts = plan.actions.flatMap((a) => a.parts.map((p) => `${a.number}${p.letter}`));
    expect(parts).toEqual(['1a', '1b', '4a', '4b', '4c', '13a', '13b', '13c', '14a', '14b', '14c', '14d']);
  });

  it('follows the tier and theme rules', () => {
    for (const a of plan.actions) {
      expect(a.tier, `action ${a.number}`).toBe(a.number <= 9 ? 'first' : 'second');
      expect(a.tier, `action ${a.number} tier vs source heading`).toBe(source(a.number).tier);
    }
    const themes = Object.fromEntries(plan.actions.map((a) => [a.number, a.theme]));
    expect(themes).toEqual({
      1: 'Dedicated and accountable oversight',
      2: 'Building resilience at the local level',
      3: 'Addressing methamphetamine-related harm',
      4: 'Addressing methamphetamine-related harm',
      5: 'Addressing methamphetamine-related harm',
      6: 'Addressing methamphetamine-related harm',
      7: 'Addressing methamphetamine-related harm',
      8: 'Addressing methamphetamine-related harm',
      9: 'Addressing methamphetamine-related harm',
      10: undefined, 11: undefined, 12: undefined, 13: undefined, 14: undefined,
      15: undefined, 16: undefined, 17: undefined, 18: undefined,
    });
    for (const a of plan.actions) {
      // The source heading, with its one known misspelling corrected (docs/decisions/0007-plan-data-model.md).
      const heading = source(a.number).heading?.replace('METHAMPHETIMINE', 'METHAMPHETAMINE');
      expect(a.theme?.toUpperCase(), `action ${a.number} theme vs source heading`).toBe(heading);
    }
  });

  it('leaves the Priority & Focus Areas column empty, as the source does', () => {
    for (const [n, s] of sourceActions) for (const r of s.rows) expect(clean(cell(r, COL.areas)), `action ${n}`).toBe('');
  });
});

describe('agencies', () => {
  it('are exactly the expected records', () => {
    const summary = plan.agencies.map((a) => [a.id, a.name, a.shortName, a.domains]);
    expect(summary).toEqual([
      ['police', 'New Zealand Police', 'Police', ['police.govt.nz']],
      ['customs', 'New Zealand Customs Service', 'Customs', ['customs.govt.nz']],
      ['mbie', 'Ministry of Business, Innovation and Employment', 'MBIE', ['mbie.govt.nz']],
      ['ird', 'Inland Revenue', 'Inland Revenue', ['ird.govt.nz']],
      ['moj', 'Ministry of Justice', 'Justice', ['justice.govt.nz']],
      ['mot', 'Ministry of Transport', 'Transport', ['transport.govt.nz']],
      ['mnz', 'Maritime New Zealand', 'Maritime NZ', ['maritimenz.govt.nz']],
      ['gcsb', 'Government Communications Security Bureau', 'GCSB', ['gcsb.govt.nz']],
      ['nzdf', 'New Zealand Defence Force', 'NZDF', ['nzdf.mil.nz']],
      ['health', 'Ministry of Health', 'Health', ['health.govt.nz']],
      ['corrections', 'Department of Corrections', 'Corrections', ['corrections.govt.nz']],
      ['mfat', 'Ministry of Foreign Affairs and Trade', 'MFAT', ['mfat.govt.nz']],
      ['tsoc', 'TSOC Department/Agency', 'TSOC Department/Agency', []],
      ['acc', 'Accident Compensation Corporation', 'ACC', ['acc.co.nz']],
      ['inz', 'Immigration New Zealand', 'Immigration', ['immigration.govt.nz']],
      ['worksafe', 'WorkSafe New Zealand', 'WorkSafe', ['worksafe.govt.nz']],
    ]);
  });

  it('carry their acronyms as aliases', () => {
    const aliases = (id: string) => plan.agency(id)?.aliases ?? [];
    expect(aliases('ird')).toEqual(expect.arrayContaining(['IRD', 'IR', 'Inland Revenue Department']));
    expect(aliases('moj')).toContain('MoJ');
    expect(aliases('mot')).toContain('MoT');
    expect(aliases('mnz')).toContain('MNZ');
    expect(aliases('mbie')).toContain('MBIE');
    expect(aliases('gcsb')).toContain('GCSB');
    expect(aliases('nzdf')).toEqual(expect.arrayContaining(['NZDF', 'Defence Force New Zealand', 'Defence Force']));
    expect(aliases('health')).toContain('MoH');
    expect(aliases('mfat')).toContain('MFAT');
    expect(aliases('inz')).toContain('INZ');
    expect(aliases('acc')).toContain('ACC');
  });

  it.each(Object.entries(SOURCE_WORDING))('%s is findable by the source wording "%s"', (id, wording) => {
    const a = plan.agency(id);
    expect(a).toBeDefined();
    expect([a!.name, a!.shortName, ...a!.aliases]).toContain(wording);
  });

  it('include those named in "How we will work together"', () => {
    const start = lines.indexOf('HOW WE WILL WORK TOGETHER');
    const paragraph = lines.slice(start + 1).find((l) => l.trim() !== '') ?? '';
    for (const id of ['police', 'customs', 'ird', 'acc', 'inz', 'worksafe']) {
      expect(paragraph, id).toContain(plan.agency(id)!.shortName);
    }
  });

  it('every coordinating agency in the source is a coordinator in the data, and vice versa', () => {
    const used = new Set(plan.items().flatMap((i) => i.coordinators));
    expect([...used].sort()).toEqual(Object.keys(SOURCE_WORDING).sort());
  });
});

describe('coordinators match the source', () => {
  it.each(plan.items().map((i) => [i.id, i] as const))('item %s', (_id, item) => {
    expect(item.coordinators).toEqual(sourceCoordinators(item));
    const row = source(item.action.number).rows.map((r) => r.join('\t')).join('\n');
    for (const id of item.coordinators) expect(row).toContain(SOURCE_WORDING[id]);
  });

  it.each(plan.actions.filter((a) => a.parts.length > 0).map((a) => [a.number, a] as const))(
    'action %i, which has parts, has no coordinators of its own',
    (_n, action) => {
      expect(action.coordinators).toEqual([]);
    },
  );

  it('spot checks', () => {
    expect(plan.item('13b')?.coordinators).toEqual(['ird', 'mbie']);
    expect(plan.item('7')?.coordinators).toEqual(['police']);
    expect(plan.item('3')?.coordinators).toEqual(['customs', 'gcsb', 'nzdf']);
    expect(plan.item('1a')?.coordinators).toEqual(['customs', 'police']);
    expect(plan.item('1b')?.coordinators).toEqual(['tsoc']);
    expect(plan.item('4a')?.coordinators).toEqual(['mot', 'mnz']);
    expect(plan.item('16')?.coordinators).toEqual(['tsoc', 'mfat', 'police']);
    for (const l of ['a', 'b', 'c', 'd']) expect(plan.item(`14${l}`)?.coordinators).toEqual(['corrections', 'tsoc']);
  });
});

describe('text matches the source word for word', () => {
  it.each(plan.actions.map((a) => [a.number, a] as const))('action %i', (_n, action: Action) => {
    const src = source(action.number);
    const textCell = clean(cell(src.rows[0], COL.action));
    if (action.number === 1) {
      // Action 1's parts are named in the agency and success columns, not listed in its text.
      expect(action.text).toBe(textCell);
      for (const r of src.rows.slice(1)) expect(clean(cell(r, COL.action))).toBe('');
      for (const part of action.parts) {
        expect(part.title).toBeDefined();
        expect(part.text).toBe(part.title);
      }
      return;
    }
    const lettered = splitLettered(textCell);
    expect(action.text).toBe(lettered.intro);
    expect(action.parts.map((p) => ({ letter: p.letter, text: p.text }))).toEqual(lettered.parts);
    for (const part of action.parts) expect(part.title).toBeUndefined();
  });

  it('every action and part text appears in its source row', () => {
    for (const a of plan.actions) {
      const row = clean(source(a.number).rows.map((r) => r.join(' ')).join(' '));
      expect(row, `action ${a.number}`).toContain(a.text);
      for (const p of a.parts) expect(row, `${a.number}${p.letter}`).toContain(p.text);
    }
  });
});

describe('success statements match the source word for word', () => {
  it.each(plan.actions.map((a) => [a.number, a] as const))('action %i', (_n, action: Action) => {
    const src = source(action.number);
    if (action.number === 1) {
      // Action 1's statements are labelled by part name and run over both rows.
      const combined = clean(src.rows.map((r) => cell(r, COL.success)).join(' '));
      const labels = action.parts.map((p) => `${p.title}: `);
      const starts = labels.map((l) => combined.indexOf(l));
      expect(starts[0]).toBe(0);
      action.parts.forEach((part, i) => {
        expect(starts[i], `label "${labels[i]}"`).toBeGreaterThanOrEqual(0);
        const segment = combined.slice(starts[i]! + labels[i]!.length, starts[i + 1] ?? combined.length).trim();
        expect(part.success).toEqual(sentences(segment));
      });
      expect(combined).toBe(action.parts.map((p) => `${p.title}: ${p.success.join(' ')}`).join(' '));
      expect(action.success).toEqual([]);
      return;
    }
    expect(src.rows).toHaveLength(1);
    const successCell = cell(src.rows[0], COL.success);
    expect(action.success).toEqual(statements(successCell));
    for (const s of action.success) expect(clean(successCell)).toContain(s);
    // The source does not attribute statements to lettered parts.
    for (const p of action.parts) expect(p.success, `${action.number}${p.letter}`).toEqual([]);
  });

  it('keeps the source spelling', () => {
    expect(plan.action(12)?.text).toContain('desistence');
    expect(plan.action(14)?.success[0]).toContain("Correction's frontline staff");
    expect(plan.action(17)?.success[0]).toContain('"follow the money"');
  });
});

describe('Plan helpers', () => {
  it('lists items in plan order', () => {
    expect(plan.items().map((i) => i.id)).toEqual([
      '1a', '1b', '2', '3', '4a', '4b', '4c', '5', '6', '7', '8', '9', '10', '11', '12',
      '13a', '13b', '13c', '14a', '14b', '14c', '14d', '15', '16', '17', '18',
    ]);
    const i1a = plan.item('1a')!;
    expect(i1a.title).toBe('Developing a Department or Agency');
    expect(i1a.action.number).toBe(1);
    expect(i1a.part?.letter).toBe('a');
    expect(plan.item('13B')?.id).toBe('13b');
    expect(plan.item(7)?.part).toBeUndefined();
    expect(plan.item('13')).toBeUndefined();
    expect(plan.item('19')).toBeUndefined();
  });

  it('unions parts for an action’s coordinators', () => {
    expect(plan.coordinatorsOf(1)).toEqual(['customs', 'police', 'tsoc']);
    expect(plan.coordinatorsOf(4)).toEqual(['mot', 'mnz', 'moj']);
    expect(plan.coordinatorsOf(plan.action(13)!)).toEqual(['mbie', 'moj', 'ird']);
    expect(plan.coordinatorsOf(14)).toEqual(['corrections', 'tsoc']);
    expect(plan.coordinatorsOf(18)).toEqual(['moj', 'police']);
    expect(plan.itemIdsOf(13)).toEqual(['13a', '13b', '13c']);
    expect(plan.itemIdsOf(plan.action(7)!)).toEqual(['7']);
    expect(plan.agency('tsoc')?.domains).toEqual([]);
    expect(plan.agency('nope')).toBeUndefined();
  });
});

describe('loadPlan rejects bad data, naming the path', () => {
  type Raw = {
    agencies: { id: string; aliases: string[]; shortName: string }[];
    actions: { number: number; coordinators: string[]; parts: { letter: string; coordinators: string[] }[] }[];
  };
  const bad = (mutate: (d: Raw) => void): unknown => {
    const d = structuredClone(RAW_DATA) as Raw;
    mutate(d);
    return d;
  };
  const rejects = (raw: unknown, path: string) => {
    let error: unknown;
    try {
      loadPlan(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanDataError);
    expect((error as PlanDataError).path).toBe(path);
    expect((error as Error).message).toContain(path);
  };

  it('an unknown coordinator id', () => {
    rejects(bad((d) => (d.actions[6]!.coordinators = ['police', 'nope'])), 'actions[6].coordinators[1]');
    rejects(bad((d) => (d.actions[12]!.parts[1]!.coordinators[0] = 'nope')), 'actions[12].parts[1].coordinators[0]');
  });

  it('a missing action', () => {
    rejects(bad((d) => d.actions.splice(4, 1)), 'actions');
    rejects(bad((d) => (d.actions[4]!.number = 6)), 'actions[4].number');
  });

  it('a duplicate alias or short name (case-insensitive)', () => {
    rejects(bad((d) => d.agencies[2]!.aliases.push('customs')), 'agencies[2].aliases[1]');
    rejects(bad((d) => (d.agencies[3]!.shortName = 'police')), 'agencies[3].shortName');
  });

  it('out-of-sequence part letters', () => {
    rejects(bad((d) => (d.actions[3]!.parts[1]!.letter = 'c')), 'actions[3].parts[1].letter');
  });

  it('coordinators on an action with parts, or none on one without', () => {
    rejects(bad((d) => (d.actions[12]!.coordinators = ['mbie'])), 'actions[12].coordinators');
    rejects(bad((d) => (d.actions[16]!.coordinators = [])), 'actions[16].coordinators');
  });

  it('schema violations', () => {
    rejects(bad((d) => ((d.actions[2] as unknown as { text: string }).text = 'Joint  Customs')), 'actions[2].text');
    rejects({ ...(RAW_DATA as object), agencies: [] }, 'agencies');
  });
});

import { describe, expect, it } from 'vitest';
import { parseItemRef, readItemRef } from '../../src/core/item-ref.js';
import { parseCommand } from '../../src/core/parse-command.js';
import { readStatus, rollUp } from '../../src/core/status.js';
import { cleanText } from '../../src/core/text-input.js';
import { parseAsOf } from '../../src/core/time.js';

describe('item references', () => {
  it.each(['13b', '13 b', '13(b)', '13 (b)', '13B', 'action 13b', 'Action 13 B', '#13b', '13b?'])('reads "%s" as 13b', (text) => {
    expect(parseItemRef(text)).toMatchObject({ action: 13, letter: 'b' });
  });

  it('reads an item and the rest of an update', () => {
    expect(readItemRef('7 on-track Team recruited')).toEqual({ ref: { action: 7, raw: '7' }, rest: 'on-track Team recruited' });
    expect(readItemRef('4 at-risk x')?.ref).toEqual({ action: 4, raw: '4' });
    expect(readItemRef('4 a at-risk x')?.ref).toMatchObject({ action: 4, letter: 'a' });
  });

  it.each(['7xy', 'abc', '', 'thirteen'])('does not read "%s"', (text) => {
    expect(parseItemRef(text)).toBeUndefined();
  });
});

describe('parseCommand', () => {
  it.each([
    ['who coordinates action 13(b)?', { kind: 'who', target: 'action 13(b)' }],
    ['/tsoc who leads 4a', { kind: 'who', target: '4a' }],
    ['tsoc: show 7', { kind: 'show', target: '7' }],
    ['what does success look like for 17?', { kind: 'show', target: '17', focus: 'success' }],
    ['what does Inland Revenue coordinate?', { kind: 'list', filter: 'Inland Revenue' }],
    ['list', { kind: 'list', filter: '' }],
    ['find maritime', { kind: 'search', query: 'maritime' }],
    ['update 13b at-risk Is legal advice due?', { kind: 'update', target: '13b at-risk Is legal advice due?' }],
    ['status', { kind: 'status', target: '' }],
    ['status 7 as of 2026-10-01', { kind: 'status', target: '7', asOf: '2026-10-01' }],
    ['history 13b as at 1 Oct', { kind: 'history', target: '13b', asOf: '1 Oct' }],
    ['whoami', { kind: 'whoami' }],
    ['who am i?', { kind: 'whoami' }],
    ['subscribe police', { kind: 'subscribe', agency: 'police' }],
    ['digest preview customs', { kind: 'digest-preview', agency: 'customs' }],
    ['7', { kind: 'show', target: '7' }],
    ['  HELP  ', { kind: 'help' }],
    ['dance', { kind: 'unknown', text: 'dance' }],
  ])('"%s"', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('folds odd whitespace and control characters into single spaces', () => {
    expect(parseCommand('who\u00a0coordinates\t\u000013b')).toEqual({ kind: 'who', target: '13b' });
  });
});

describe('statuses', () => {
  it.each([
    ['on track', 'on-track'], ['ONTRACK', 'on-track'], ['green', 'on-track'], ['amber: waiting', 'at-risk'],
    ['red', 'off-track'], ['delayed', 'off-track'], ['behind', 'off-track'], ['done', 'complete'], ['completed', 'complete'],
    ['not started', 'not-started'],
  ])('"%s" is %s', (text, status) => {
    expect(readStatus(text)?.status).toBe(status);
  });

  it('keeps the reason after the status', () => {
    expect(readStatus('at-risk — Waiting on legal advice')).toEqual({ status: 'at-risk', rest: 'Waiting on legal advice' });
  });

  it('does not read a word that only starts like a status', () => {
    expect(readStatus('greenish')).toBeUndefined();
    expect(readStatus('done-ish')).toBeUndefined();
  });

  it.each([
    [['on-track', 'off-track', 'complete'], 'off-track'],
    [['on-track', 'at-risk'], 'at-risk'],
    [['complete', 'complete'], 'complete'],
    [['not-started', 'not-started'], 'not-started'],
    [['complete', 'not-started'], 'on-track'],
    [['on-track', 'not-started'], 'on-track'],
  ] as const)('rolls %j up to %s', (parts, expected) => {
    expect(rollUp(parts)).toBe(expected);
  });
});

describe('as-of dates in Pacific/Auckland', () => {
  const now = new Date('2026-11-26T08:00:00Z');
  it('reads a day as the end of that day in New Zealand, across daylight saving', () => {
    expect(parseAsOf('2026-10-01', now, 'Pacific/Auckland')?.toISOString()).toBe('2026-10-01T10:59:59.999Z'); // NZDT +13
    expect(parseAsOf('2026-06-01', now, 'Pacific/Auckland')?.toISOString()).toBe('2026-06-01T11:59:59.999Z'); // NZST +12
    expect(parseAsOf('2026-04-05', now, 'Pacific/Auckland')?.toISOString()).toBe('2026-04-05T11:59:59.999Z'); // DST ends that day
  });
  it('reads relative and named days', () => {
    expect(parseAsOf('yesterday', now, 'Pacific/Auckland')?.toISOString()).toBe('2026-11-25T10:59:59.999Z');
    expect(parseAsOf('2 weeks ago', now, 'Pacific/Auckland')?.toISOString()).toBe('2026-11-12T10:59:59.999Z');
    expect(parseAsOf('1 October 2026', now, 'Pacific/Auckland')?.toISOString()).toBe('2026-10-01T10:59:59.999Z');
  });
  it.each(['2026-02-30', '31 Foo', 'soon'])('refuses "%s"', (text) => {
    expect(parseAsOf(text, now, 'Pacific/Auckland')).toBeUndefined();
  });
});

describe('cleanText', () => {
  it('keeps tabs and newlines, replaces other controls and lone surrogates', () => {
    expect(cleanText('a\tb\nc\u0000d\u009be\uDC00f😀')).toBe('a\tb\nc d e\uFFFDf😀');
  });
});

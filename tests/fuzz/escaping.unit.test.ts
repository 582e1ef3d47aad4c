// The escapers every surface relies on, and this suite's own checks of them,
// as properties over any text: whatever people type, Slack mrkdwn and Adaptive
// Card text come out with nothing left to interpret; the checks the surface
// tests use do catch raw markup (so a test built on them can fail).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, truncateEscaped, unescapeSlackText } from '../../src/slack/mrkdwn.js';
import { escapeCardText, truncate } from '../../src/teams/card-text.js';
import { rawText } from './support/command-text.js';
import { fuzzParams } from './support/fuzz-params.js';
import { HOSTILE_FRAGMENTS, HOSTILE_NOTES, cardEscapeProblems, slackEscapeProblems } from './support/hostile-text.js';
import { mrkdwnEscape, slackEncode } from './support/slack-text.js';

const anyText = fc.oneof(rawText, fc.array(fc.constantFrom(...HOSTILE_FRAGMENTS, ' ', '\n', 'a', '1.', '-', '#'), { maxLength: 30 }).map((p) => p.join('')));

describe('Slack mrkdwn escaping', () => {
  it('leaves nothing Slack would interpret, and cuts without splitting an entity', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 200 }), (text, max) => {
        const escaped = escapeMrkdwn(text);
        expect(slackEscapeProblems(escaped)).toEqual([]);
        expect(escaped).toBe(mrkdwnEscape(text));
        const cut = truncateEscaped(escaped, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, 1));
        expect(slackEscapeProblems(cut)).toEqual([]);
      }),
      fuzzParams(500),
    );
  });

  it('reads back what Slack delivers as what was typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (typed) => {
        expect(unescapeSlackText(slackEncode(typed))).toBe(typed);
      }),
      fuzzParams(300),
    );
  });
});

describe('Adaptive Card text escaping', () => {
  it('leaves no Markdown, no tags, no bare ampersands, whatever was cut', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 200 }), (text, max) => {
        expect(cardEscapeProblems(escapeCardText(text))).toEqual([]);
        expect(cardEscapeProblems(escapeCardText(truncate(text, max)))).toEqual([]);
      }),
      fuzzParams(500),
    );
  });
});

describe('the suite\u2019s own checks', () => {
  it('catch every hostile note left raw', () => {
    const raw = HOSTILE_NOTES.filter((n) => /[<>&]/.test(n.typed));
    expect(raw.length).toBeGreaterThan(8);
    for (const n of raw) expect(slackEscapeProblems(n.typed), n.label).not.toEqual([]);
    for (const n of HOSTILE_NOTES.filter((x) => /[<>&*_`[\]{}~]|^[-#]|\n[-#]|^\d+\. /.test(x.typed))) {
      expect(cardEscapeProblems(n.typed), n.label).not.toEqual([]);
    }
  });

  it('pass the escaped forms', () => {
    for (const n of HOSTILE_NOTES) {
      expect(slackEscapeProblems(mrkdwnEscape(n.typed)), n.label).toEqual([]);
      expect(cardEscapeProblems(escapeCardText(n.typed)), n.label).toEqual([]);
    }
  });
});

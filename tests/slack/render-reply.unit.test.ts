// The Block Kit renderer on its own: escaping, Slack's limits, splitting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { okReply, failureReply, type Reply } from '../../src/core/reply.js';
import { escapeMrkdwn, safeCut, truncateEscaped } from '../../src/slack/mrkdwn.js';
import { LIMITS, announcementText, chunkLines, renderAnnouncement, renderReply } from '../../src/slack/render-reply.js';
import { allText } from '../support/slack-bot.js';

type AnyBlock = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: { text: string }; action_id: string }[] };

function checkLimits(reply: Reply) {
  const messages = renderReply(reply);
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    for (const b of m.blocks as AnyBlock[]) {
      if (b.text) {
        expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        expect(b.text.text.trim()).not.toBe('');
      }
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
      for (const e of b.elements ?? []) expect(e.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    }
  }
  return messages;
}

/** Every & in escaped output starts one of the three entities. */
const entitiesIntact = (text: string) => !/&(?!amp;|lt;|gt;)/.test(text);

describe('escaping', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> <http://x|y> *b*')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://x|y&gt; *b*');
  });

  it('never lets a control sequence through, wherever the text sits in a reply', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (title, line, label, value) => {
        const reply = okReply(title, [{ heading: line, lines: [line, value], fields: [{ label, value }] }], [{ kind: 'update-status', itemId: '7', label: title || 'x' }]);
        const out = renderReply(reply);
        const text = allText(out.map((m) => ({ text: m.text, blocks: m.blocks.map((b) => ({ ...b, elements: undefined })) })));
        expect(text).not.toMatch(/[<>]/);
        expect(entitiesIntact(text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('cuts escaped text without breaking an entity or a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 6, max: 150 }), (raw, max) => {
        const cut = truncateEscaped(escapeMrkdwn(raw), max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(entitiesIntact(cut)).toBe(true);
        expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      }),
    );
    expect(safeCut('ab&amp;cd', 4)).toBe('ab');
  });
});

describe('limits', () => {
  it('splits long sections at 3,000 characters and long replies across messages of 50 blocks', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${i} — ${'<x> & '.repeat(40)}`);
    const messages = checkLimits(okReply('Everything', [{ lines }]));
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[1]!.text).toContain('(continued)');
    const joined = messages.flatMap((m) => m.blocks as AnyBlock[]).slice(1).map((b) => b.text!.text).join('\n');
    expect(joined).toBe(lines.map(escapeMrkdwn).join('\n'));
  });

  it('splits a single over-long line', () => {
    const chunks = chunkLines(['a'.repeat(7000)]);
    expect(chunks.map((c) => c.length)).toEqual([3000, 3000, 1000]);
  });

  it('keeps at most ten fields a section', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: 'v'.repeat(3000) }));
    const [m] = checkLimits(okReply('Fields', [{ lines: [], fields }]));
    const sections = (m!.blocks as AnyBlock[]).filter((b) => b.fields);
    expect(sections.map((b) => b.fields!.length)).toEqual([10, 10, 3]);
  });

  it('renders a failure with its advice and no buttons', () => {
    const [m] = checkLimits(failureReply('unknown-item', 'There is no action 99 — actions are 1–18.'));
    expect(m!.blocks).toHaveLength(1);
    expect(m!.text).toBe('There is no action 99 — actions are 1–18.');
  });

  it('turns actions into Update buttons with the item in action_id and value', () => {
    const [m] = checkLimits(okReply('Action 13', [], ['13a', '13b', '13c'].map((id) => ({ kind: 'update-status' as const, itemId: id, label: `Update ${id}` }))));
    const actions = (m!.blocks as AnyBlock[]).find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(['tsoc_update_open:13a', 'tsoc_update_open:13b', 'tsoc_update_open:13c']);
  });
});

describe('announcements', () => {
  const event = { itemId: '7', status: 'on-track' as const, note: 'Team recruited', by: 'Jane Smith', agency: 'Police', at: new Date(), duplicate: false };

  it('says who set what', () => {
    expect(announcementText(event)).toBe('Jane Smith (Police) set 7 to On track — Team recruited');
  });

  it('escapes a hostile name and note', () => {
    const m = renderAnnouncement({ ...event, by: '<!everyone>', note: '<@U1> & <https://x|y>' });
    expect(m.text).toBe('&lt;!everyone&gt; (Police) set 7 to On track — &lt;@U1&gt; &amp; &lt;https://x|y&gt;');
    expect(allText(m.blocks)).not.toMatch(/[<>]/);
  });
});

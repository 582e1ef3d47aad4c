// The Adaptive Card renderer on its own: escaping, limits, fallback text and
// the update form. Pure functions, no server.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { okReply, failureReply, type Reply } from '../../src/core/reply.js';
import { escapeCardText, truncate } from '../../src/teams/card-text.js';
import { LIMITS, renderReply } from '../../src/teams/render-card.js';
import { readSubmission, submissionCommand } from '../../src/teams/update-form.js';
import { unescapeCardText } from './support/activities.js';

const render = (reply: Reply) => renderReply(reply, { cardId: 'card-1' });

describe('escapeCardText', () => {
  it('escapes markdown, markup and date functions', () => {
    expect(escapeCardText('**bold** _it_ [x](http://y) `code` ~s~ (MBIE) # h')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\[x\\](http://y) \\`code\\` \\~s\\~ (MBIE) # h');
    expect(escapeCardText('<at>All</at> & co')).toBe('&lt;at&gt;All&lt;/at&gt; &amp; co');
    expect(escapeCardText('{{DATE(2017-02-14T06:00:00Z, SHORT)}}')).toBe('\\{\\{DATE(2017-02-14T06:00:00Z, SHORT)\\}\\}');
  });

  it('escapes list markers only at the start of a line', () => {
    expect(escapeCardText('- item\n+ item\n12. item\n# Title\nsix - 2. # ok')).toBe('\\- item\n\\+ item\n12\\. item\n\\# Title\nsix - 2. # ok');
  });

  it('round-trips: a reader sees exactly the original text', () => {
    fc.assert(fc.property(fc.string(), (s) => unescapeCardText(escapeCardText(s)) === s));
  });

  it('cuts raw text on a whole character', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('renderReply', () => {
  it('makes a titled card with lines and facts, and an escaped fallback', () => {
    const [card, ...more] = render(okReply('Action 7 <b>', [{ heading: 'Status', lines: ['On *track*'], fields: [{ label: 'By', value: 'A & B' }] }]));
    expect(more).toHaveLength(0);
    expect(card!.version).toBe('1.5');
    expect(card!.body[0]).toMatchObject({ type: 'TextBlock', text: 'Action 7 &lt;b&gt;', weight: 'Bolder', wrap: true });
    expect(card!.body).toContainEqual(expect.objectContaining({ text: 'On \\*track\\*' }));
    expect(card!.body).toContainEqual({ type: 'FactSet', facts: [{ title: 'By', value: 'A &amp; B' }] });
    expect(card!.fallbackText).toBe('Action 7 &lt;b&gt;\n\nStatus\nOn \\*track\\*\nBy: A &amp; B');
  });

  it('colours failures and says who set what on a saved update', () => {
    expect(render(failureReply('not-permitted', 'No.'))[0]!.body[0]).toMatchObject({ color: 'Attention' });
    expect(render(failureReply('unavailable', 'Down.'))[0]!.body[0]).toMatchObject({ color: 'Warning' });
    const saved: Reply = { ...okReply('Saved: 7 is now On track.'), update: { itemId: '7', status: 'on-track', note: 'Team *recruited*', by: 'Aroha', agency: 'Police', at: new Date(), duplicate: false } };
    expect(render(saved)[0]!.body[1]).toMatchObject({ text: 'Aroha (Police) set 7 to On track — Team \\*recruited\\*' });
    expect(render({ ...saved, update: { ...saved.update!, duplicate: true } })[0]!.body).toHaveLength(1);
  });

  it('splits a long reply into cards under the size limit, the form on the last', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${i} — ${'word '.repeat(30)}`);
    const reply = okReply('Long list', [{ lines }], [{ kind: 'update-status', itemId: '7', label: 'Update 7' }]);
    const cards = render(reply);
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) expect(JSON.stringify(card).length).toBeLessThanOrEqual(LIMITS.cardChars);
    expect(cards.slice(0, -1).every((c) => !c.actions)).toBe(true);
    expect(cards.at(-1)!.actions).toHaveLength(1);
    expect(cards[1]!.body[0]!).toMatchObject({ text: 'Long list (continued)' });
    const shown = cards.flatMap((c) => c.body).filter((b) => b.type === 'TextBlock').map((b) => unescapeCardText((b as { text: string }).text));
    for (const line of lines) expect(shown).toContain(line.trimEnd() === line ? line : line);
  });

  it('cuts an over-long line instead of failing', () => {
    const cards = render(okReply('T', [{ lines: ['x'.repeat(50_000)] }]));
    expect(JSON.stringify(cards).length).toBeLessThan(LIMITS.cardChars);
  });
});

describe('the update form', () => {

  it('carries the item, the card id and the verb in its Action.Execute, with the current status preselected', () => {
    const withCurrent = okReply('Action 7', [], [{ kind: 'update-status', itemId: '7', label: 'Update 7', current: 'at-risk' }]);
    const show = render(withCurrent)[0]!.actions![0]!;
    expect(show).toMatchObject({ type: 'Action.ShowCard', title: 'Update status' });
    expect(show.type === 'Action.ShowCard' && show.card.actions![0]).toMatchObject({ type: 'Action.Execute', verb: 'tsoc.update', data: { verb: 'tsoc.update', itemId: '7', cardId: 'card-1' } });
    expect(show.type === 'Action.ShowCard' && show.card.body.find((e) => e.type === 'Input.ChoiceSet')).toMatchObject({ id: 'status_7', value: 'at-risk' });
  });

  it('lists every item of a digest in one form', () => {
    const digest = okReply('Digest', [], [{ kind: 'update-status', itemId: '7', label: 'Update status', choices: ['1a', '5', '6', '7'] }]);
    const actions = render(digest)[0]!.actions!;
    expect(actions).toHaveLength(1);
    const form = actions[0]!.type === 'Action.ShowCard' ? actions[0]!.card : undefined;
    expect(form!.body[0]).toMatchObject({ type: 'Input.ChoiceSet', id: 'item', value: '7' });
    expect((form!.body[0] as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual(['1a', '5', '6', '7']);
    expect(form!.actions![0]).toMatchObject({ data: { items: '1a,5,6,7', itemId: '7' } });
  });

  it('shows commands without Markdown backticks', () => {
    const [card] = render(okReply('Try `help`', [{ lines: ['Use `update 7 on-track`.'] }]));
    expect(JSON.stringify(card)).not.toContain('`');
    expect(card!.body[1]).toMatchObject({ text: 'Use update 7 on-track.' });
    // Backticks people typed in a note are theirs: kept, and shown as typed.
    const [note] = render(okReply('History of 7', [{ lines: ['On track — see `code` here'] }]));
    expect(unescapeCardText(note!.body[1]!.type === 'TextBlock' ? note!.body[1]!.text : '')).toBe('On track — see `code` here');
  });

  it('reads a submit into an update command', () => {
    const s = readSubmission({ verb: 'tsoc.update', itemId: '13b', cardId: 'card-1', status_13b: 'at-risk', reason_13b: 'Waiting on\nlegal advice' });
    expect(s).toEqual({ formItem: '13b', itemId: '13b', cardId: 'card-1', status: 'at-risk', reason: 'Waiting on\nlegal advice' });
    expect(submissionCommand(s!)).toBe('update 13b at-risk Waiting on legal advice');
    // A digest's form: the item chosen, the inputs named after the form's first item.
    const d = readSubmission({ verb: 'tsoc.update', itemId: '7', items: '5,7', item: '5', cardId: 'c', status_7: 'complete', reason_7: '' });
    expect(d).toMatchObject({ itemId: '5', choices: ['5', '7'] });
    expect(submissionCommand(d!)).toBe('update 5 complete');
  });

  it.each([
    [{ verb: 'other', itemId: '7', cardId: 'c' }],
    [{ verb: 'tsoc.update', itemId: '7 grant', cardId: 'c' }],
    [{ verb: 'tsoc.update', itemId: '7', cardId: 'has space' }],
    [{ verb: 'tsoc.update', itemId: '7' }],
    [null],
    ['text'],
  ])('refuses a submit that is not ours: %j', (value) => {
    expect(readSubmission(value)).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';

let f: EngineFixture;
const anyone = person('someone@example.com');
const ask = async (text: string) => {
  const reply = await f.engine.run(text, anyone);
  return { reply, text: replyToText(reply) };
};

beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());

describe('who coordinates', () => {
  it.each(['who coordinates 13b', 'who coordinates action 13(b)?', 'WHO COORDINATES 13 B', 'who is responsible for 13B', 'who leads action 13b?'])(
    '"%s" names Inland Revenue and MBIE',
    async (text) => {
      const { reply, text: out } = await ask(text);
      expect(reply.ok).toBe(true);
      expect(reply.title).toBe('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
      expect(out).toContain('Review the ability to accept cash payments');
    },
  );

  it('answers a whole action with parts for each part', async () => {
    const { reply, text } = await ask('who coordinates 13');
    expect(reply.title).toBe('Action 13 has three parts:');
    expect(text).toContain('13a — Ministry of Business, Innovation and Employment (MBIE) and Ministry of Justice');
    expect(text).toContain('13b — Inland Revenue and Ministry of Business, Innovation and Employment (MBIE)');
    expect(text).toContain('13c — Ministry of Business, Innovation and Employment (MBIE)');
  });

  it('names action 16 coordinators in source order', async () => {
    const { reply } = await ask('who is responsible for 16');
    expect(reply.title).toBe('Action 16 is coordinated by TSOC Department/Agency, Ministry of Foreign Affairs and Trade (MFAT) and New Zealand Police.');
  });

  it('says actions are 1–18 for an unknown action', async () => {
    const { reply } = await ask('who coordinates 99');
    expect(reply).toMatchObject({ ok: false, code: 'unknown-item', title: 'There is no action 99 — actions are 1–18.' });
  });

  it('suggests the real parts for a near miss', async () => {
    const { reply } = await ask('who coordinates 13d');
    expect(reply.title).toBe('There is no part 13d — did you mean 13a, 13b or 13c?');
  });

  it('points a lettered action without parts back at the action', async () => {
    const { reply } = await ask('who coordinates 7b');
    expect(reply.title).toBe('Action 7 has no parts — did you mean 7?');
  });
});

describe('show', () => {
  it.each(['show 7', 'action 7', '7', 'what is action 7?', '/tsoc show 7', 'tsoc 7'])('"%s" shows action 7', async (text) => {
    const { reply, text: out } = await ask(text);
    expect(reply.ok).toBe(true);
    expect(reply.title).toBe('Action 7 · First priority · Addressing methamphetamine-related harm');
    expect(out).toContain("Increasing Police's ability to disrupt organised criminal groups by recovering illicit funds with an additional money laundering team.");
    expect(out).toContain('Status: Not started (no updates yet)');
    expect(reply.actions).toEqual([{ kind: 'update-status', itemId: '7', label: 'Update 7', current: 'not-started' }]); // the form starts from the status now
  });

  it('shows what success looks like for 17, word for word', async () => {
    const { reply, text } = await ask('what does success look like for 17');
    expect(reply.title).toBe('What success looks like for action 17');
    expect(text).toContain('Increased location of assets in order to confiscate proceeds of crime, support of work to counter foreign interference, and countering TSOC.');
  });

  it('shows a part with its action and the action-wide success statements', async () => {
    const { text } = await ask('show 4b');
    expect(text).toContain('4b: Search and Surveillance Act 2012 amendments.');
    expect(text).toContain('Coordinating agencies: Ministry of Justice');
    expect(text).toContain('What success looks like (for action 4 as a whole)');
  });

  it("shows action 1's named parts", async () => {
    const { text } = await ask('show 1');
    expect(text).toContain('1a: Developing a Department or Agency');
    expect(text).toContain('1b: Data and Information Sharing');
  });
});

describe('list', () => {
  it.each(['list police', 'what does Police coordinate?', 'list NZ Police'])('"%s" lists what Police coordinates', async (text) => {
    const { reply, text: out } = await ask(text);
    expect(reply.title).toBe('Coordinated by New Zealand Police (8)');
    for (const id of ['1a', '5', '6', '7', '12', '15', '16', '18']) expect(out).toMatch(new RegExp(`^${id} — `, 'm'));
  });

  it('lists what MBIE coordinates by acronym', async () => {
    const { reply } = await ask('what does MBIE coordinate');
    expect(reply.title).toBe('Coordinated by Ministry of Business, Innovation and Employment (MBIE) (5)');
  });

  it('lists first and second priority', async () => {
    expect((await ask('list first priority')).reply.title).toBe('First priority actions (12)');
    expect((await ask('list second priority')).reply.title).toBe('Second priority actions (14)');
  });

  it('names the candidates for an ambiguous agency', async () => {
    const { reply } = await ask('list ministry');
    expect(reply.code).toBe('ambiguous-agency');
    expect(reply.title).toBe('"ministry" could mean MBIE, Justice, Transport, Health or MFAT.');
  });

  it('explains what can be listed', async () => {
    const { reply, text } = await ask('list bananas');
    expect(reply.ok).toBe(false);
    expect(text).toContain('`list police`');
  });

  it('lists every item as stale when nothing has been updated', async () => {
    const { reply } = await ask('list stale');
    expect(reply.title).toBe('Stale: no update for 14 days or more (26)');
  });
});

describe('search', () => {
  it('finds money laundering across text and success statements', async () => {
    const { reply, text } = await ask('search money laundering');
    expect(reply.ok).toBe(true);
    for (const id of ['6', '7', '13a', '17']) expect(text).toMatch(new RegExp(`^${id} — `, 'm'));
  });

  it.each(['methamphetamine', 'METHAMPHETIMINE'])('finds "%s" whichever spelling is used', async (word) => {
    const { text } = await ask(`search ${word}`);
    for (const id of ['8', '9']) expect(text).toMatch(new RegExp(`^${id} — .*\\(in .*text`, 'm'));
  });

  it('finds maritime with "find"', async () => {
    const { text } = await ask('find maritime');
    expect(text).toMatch(/^3 — /m);
    expect(text).toMatch(/^4a — /m);
  });

  it('says so when nothing matches', async () => {
    const { reply } = await ask('search zebra crossing');
    expect(reply).toMatchObject({ ok: false, title: 'Nothing in the plan matches "zebra crossing".' });
  });
});

describe('help and unknown text', () => {
  it.each(['help', '?', '', '   '])('"%s" shows help', async (text) => {
    const { reply, text: out } = await ask(text);
    expect(reply.title).toContain('what you can ask');
    expect(out).toContain('update 7 on-track Team recruited');
  });

  it('answers gibberish with commands that work', async () => {
    const { reply, text } = await ask('make me a sandwich');
    expect(reply.code).toBe('unknown-command');
    expect(text).toContain('who coordinates 13b');
  });
});

// What a person sees when they type the way people do: the table
// through the real engine and database, corrected writes that are shown and
// never saved, "what changed", te reo Māori agency names and dates in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine.js';
import type { Identity } from '../../src/core/identity.js';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import { replyToText, type Reply } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { memoryLogger } from '../support/test-env.js';

let f: EngineFixture;
const jane = person('jane@police.govt.nz', 'Jane Smith');
const ira = person('ira@ird.govt.nz', 'Ira Rangi');
const ivan = person('ivan@customs.govt.nz', 'Ivan Petrov');
const stranger = person('pat@example.com', 'Pat');
const local: Identity = { platform: 'cli', userId: 'ops', displayName: 'ops (local steward)', localSteward: true };

const ask = async (text: string, who: Identity = stranger) => {
  const reply = await f.engine.run(text, who);
  return { reply, text: replyToText(reply) };
};
const stored = async () => (await f.store.currentStatuses()).size;

beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());

describe('the issue’s table, as people see it now', () => {
  it('"who\'s in charge of 13b?" names its coordinators', async () => {
    const { reply } = await ask("who's in charge of 13b?");
    expect(reply.title).toBe('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
  });

  it('"what is Customs doing" lists what Customs coordinates', async () => {
    const { reply, text } = await ask('what is Customs doing');
    expect(reply.title).toMatch(/^Coordinated by New Zealand Customs Service \(\d+\)$/);
    expect(text).toMatch(/^3 — /m);
  });

  it.each(['show me everything at risk', "what's at risk", 'anything at risk?'])('"%s" lists the at-risk items', async (typed) => {
    const { reply } = await ask(typed);
    expect(reply.ok).toBe(true);
    expect(reply.title).toMatch(/^At risk/);
  });

  it.each(['status of action 4', 'what is the status of 4'])('"%s" answers action 4’s status', async (typed) => {
    const { reply } = await ask(typed);
    expect(reply.title).toMatch(/^Action 4 is Not started/);
  });

  it('greets, thanks and explains itself with examples that work', async () => {
    for (const typed of ['hello', 'thanks', 'what can you do']) {
      const { reply, text } = await ask(typed);
      expect(reply.ok, typed).toBe(true);
      expect(text, typed).not.toContain("I don't understand");
    }
    const { text } = await ask('what can you do');
    for (const example of ["who's in charge of 13b?", 'what changed this week']) {
      expect(text).toContain(example);
      expect((await ask(example)).reply.code, example).not.toBe('unknown-command');
    }
  });

  it('"status as of last week" reads the date in words', async () => {
    const { reply } = await ask('status as of last week');
    expect(reply.ok).toBe(true);
    expect(reply.title).toMatch(/^The plan as of 19 Nov 2026: /);
  });

  it.each(['list Te Tari Taake', 'list te tari taake', 'what does Te Tari Taake coordinate'])('"%s" lists Inland Revenue’s actions', async (typed) => {
    const { reply } = await ask(typed);
    expect(reply.title).toMatch(/^Coordinated by Inland Revenue \(\d+\)$/);
  });

  it.each(['what does Ngā Pirihimana coordinate', 'list Nga Pirihimana', 'list NGĀ PIRIHIMANA O AOTEAROA', 'list ngaa pirihimana'])('"%s" lists Police’s actions', async (typed) => {
    const { reply } = await ask(typed);
    expect(reply.title).toMatch(/^Coordinated by New Zealand Police \(\d+\)$/);
  });

  it.each([
    ['list Manatū', ['Health', 'MFAT', 'Transport']],
    ['list Aotearoa', ['Police', 'Customs', 'NZDF', 'Corrections', 'WorkSafe']],
  ])('"%s" is shared by several agencies, so it lists them', async (typed, names) => {
    const { reply } = await ask(typed);
    expect(reply.code).toBe('ambiguous-agency');
    for (const n of names) expect(reply.title).toContain(n);
  });

  it.each([
    ['list Te Ope Kaatua o Aotearoa', 'New Zealand Defence Force'],
    ['what is Hīkina Whakatutuki doing', 'Ministry of Business, Innovation and Employment'],
    ['list Ara Poutama', 'Department of Corrections'],
    ['list manatu aorere', 'Ministry of Foreign Affairs and Trade'],
    ['list Te Tāhū o te Ture', 'Ministry of Justice'],
    ['list Te Mana Arai', 'New Zealand Customs Service'],
  ])('"%s" finds %s', async (typed, name) => {
    const { reply } = await ask(typed);
    expect(reply.ok, reply.title).toBe(true);
    expect(reply.title).toContain(name);
  });

  it.each(['search gangs', 'search gang', 'search Gangs'])('"%s" finds action 12', async (typed) => {
    const { text } = await ask(typed);
    expect(text).toMatch(/^12 — /m);
  });

  it.each(['methamphetamines', 'metamphetamine', 'METHAMPHETIMINE', 'methamphetamine', 'meth'])(
    'search "%s" lists the items that speak of it and groups theme-only matches on one line', async (word) => {
      const { reply, text } = await ask(`search ${word}`);
      expect(reply.title).toBe(`2 matches for "${word}"`);
      expect(text).toMatch(/^9 — .*\(in text, success, theme\)$/m);
      expect(text).toMatch(/^8 — /m);
      expect(text).toContain('Also under the theme "Addressing methamphetamine-related harm": actions 3, 4, 5, 6, 7 (the words appear only in the theme)');
      expect(text).not.toMatch(/\(in theme\)/);
    });

  it('ranks text and success matches above theme matches', async () => {
    const { text } = await ask('search money laundering');
    const lines = text.split('\n').filter((l) => / — /.test(l));
    expect(lines[0]).toMatch(/^13a — /);
  });
});

describe('typos: a look-up runs and says how it read the words; a write is shown, never run', () => {
  it('runs "shwo 7" as show 7 and says so', async () => {
    const { reply, text } = await ask('shwo 7');
    expect(reply.ok).toBe(true);
    expect(reply.title).toMatch(/^Action 7/);
    expect(text).toContain('(I read that as `show 7`.)');
  });

  it.each([
    ['updte 7 on track', 'update 7 on-track'],
    ['upate 7 on-track Team recruited', 'update 7 on-track Team recruited'],
    ['7 on track Team recruited', 'update 7 on-track Team recruited'],
  ])('"%s" saves nothing and offers "%s" to send', async (typed, command) => {
    const before = await stored();
    const { reply, text } = await ask(typed, jane);
    expect(reply.ok).toBe(false);
    expect(reply.update).toBeUndefined();
    expect(reply.title).toBe(`Did you mean \`${command}\`?`);
    expect(text).toContain('nothing was saved');
    expect(text).toContain(`send it as it stands: ${command}`);
    expect(reply.actions).toEqual([{ kind: 'send-command', command, label: `Send: ${command}`, itemId: '7' }]);
    expect(await stored()).toBe(before);
    // Sent as it stands, it saves.
    const sent = await ask(command, jane);
    expect(sent.reply.title).toBe('Saved: 7 is now On track.');
  });

  it('"7 is at risk?" asks; "7 is at risk - funding delayed" updates', async () => {
    const asked = await ask('7 is at risk?', jane);
    expect(asked.reply.title).toMatch(/^7 is /);
    expect(asked.reply.update).toBeUndefined();
    const told = await ask('7 is at risk - funding delayed', jane);
    expect(told.reply.title).toBe('Saved: 7 is now At risk.');
    expect(told.reply.update).toMatchObject({ status: 'at-risk', note: 'funding delayed' });
  });

  it.each([
    ['update action 7 to on track', 'Saved: 7 is now On track.'],
    ['mark 7 as at risk because funding delayed', 'Saved: 7 is now At risk.'],
  ])('"%s" is understood and saved', async (typed, title) => {
    expect((await ask(typed, jane)).reply.title).toBe(title);
  });
});

describe('what changed', () => {
  const at = (iso: string) => {
    f.clock.now = new Date(iso);
  };

  it('lists the net change per item over the period, newest first, with who and why', async () => {
    at('2026-10-20T01:00:00Z');
    await ask('update 13b at-risk Legal advice pending', ira);
    at('2026-11-24T01:00:00Z');
    await ask('update 13b on-track Legal advice received', ira);
    at('2026-11-25T01:00:00Z');
    await ask('update 3 on-track Vessel chartered', ivan);
    at('2026-11-25T02:00:00Z');
    await ask('update 3 at-risk Crew short', ivan);
    at('2026-11-26T09:00:00Z');
    const { reply, text } = await ask('what changed since 1 Nov');
    expect(reply.ok, text).toBe(true);
    expect(reply.title).toMatch(/^What changed since 1 Nov 2026: \d+ items? updated/);
    const i3 = text.indexOf('3: Not started → At risk (2 updates) — Crew short (Ivan Petrov (Customs), ');
    const i13b = text.indexOf('13b: At risk → On track — Legal advice received (Ira Rangi (Inland Revenue), ');
    expect(i3).toBeGreaterThan(-1);
    expect(i13b).toBeGreaterThan(i3);
  });

  it('"what\'s new for police" keeps to Police’s items; "changes for customs" to Customs’', async () => {
    const customs = await ask('changes for customs since 1 Nov');
    expect(customs.reply.title).toMatch(/^What changed for New Zealand Customs Service since 1 Nov 2026/);
    expect(customs.text).not.toContain('13b:');
    const police = await ask("what's new for Ngā Pirihimana");
    expect(police.reply.title).toMatch(/^(What changed|No changes) for New Zealand Police/);
    expect(police.text).not.toContain('3: ');
  });

  it('keeps to one item or action when asked about it', async () => {
    const { reply, text } = await ask('what changed for 13b since 1 Oct');
    expect(reply.title).toMatch(/^What changed to 13b since 1 Oct 2026: 1 item updated, 1 moved$/);
    expect(text).toContain('13b: Not started → On track (2 updates) — Legal advice received');
    expect(text).not.toContain('3: ');
  });

  it('"what changed this week" starts on Monday in New Zealand', async () => {
    const { reply } = await ask('what changed this week');
    expect(reply.title).toMatch(/^What changed this week: /);
  });

  it('a day still to come gets a clear answer, not a guess', async () => {
    const since = await ask('changes since 2027-01-01');
    expect(since.reply).toMatchObject({ ok: false, code: 'bad-input', title: "1 Jan 2027 hasn't happened yet, so nothing has changed since then." });
    const asOf = await ask('status 7 as of tomorrow');
    expect(asOf.reply).toMatchObject({ ok: false, code: 'bad-input', title: "27 Nov 2026 hasn't happened yet, so there is no status as of then." });
  });

  it('says so when nothing changed, and names an unknown scope', async () => {
    expect((await ask('changes today for worksafe')).reply.title).toMatch(/^No changes for WorkSafe New Zealand today\.$/);
    expect((await ask('changes for zebras')).reply).toMatchObject({ code: 'unknown-agency' });
    expect((await ask('changes since someday')).reply.title).toBe('I can\'t read the date "someday".');
  });
});

describe('words that name no list are searched for', () => {
  it('"tell me about money laundering" searches the plan', async () => {
    const { reply, text } = await ask('tell me about money laundering');
    expect(reply.title).toBe('6 matches for "money laundering"');
    expect(text).toMatch(/^13a — /m);
  });
});

describe('the terminal’s words, and whoami', () => {
  it('answers "export" in chat with what to do instead', async () => {
    const { reply, text } = await ask('export');
    expect(reply.ok).toBe(true);
    expect(text).toContain('npx tsoc export --format csv');
    expect(text).not.toContain("I don't understand");
    for (const word of ['report', 'audit']) expect((await ask(word)).text).toContain(`npx tsoc ${word}`);
  });

  it('tells the local operator they are a steward who may update everything', async () => {
    const { reply, text } = await ask('whoami', local);
    expect(reply.title).toBe('You are ops, local operator, steward');
    expect(text).toContain('Steward: yes');
    expect(text).toContain('You can update: every action');
    expect(text).not.toContain('not verified');
  });
});

describe('AGENCY_NAMES=bilingual', () => {
  it('names agencies in English first with their Māori name', async () => {
    const plan = readPlanFile();
    const engine = createEngine({ plan, store: f.store, admins: [], timeZone: 'Pacific/Auckland', staleAfterDays: 14, logger: memoryLogger(), agencyNames: 'bilingual' });
    const reply: Reply = await engine.run('who coordinates 13b', stranger);
    expect(reply.title).toBe('13b is coordinated by Inland Revenue (Te Tari Taake) and Ministry of Business, Innovation and Employment (MBIE; Hīkina Whakatutuki).');
    expect((await engine.run('list Te Tari Taake', stranger)).title).toMatch(/^Coordinated by Inland Revenue \(Te Tari Taake\) \(\d+\)$/);
    // The default engine over the same data still names them in English only.
    expect((await f.engine.run('who coordinates 13b', stranger)).title).toBe('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
  });
});

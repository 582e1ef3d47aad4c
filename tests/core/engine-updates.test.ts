import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';

let f: EngineFixture;
const jane = person('jane@police.govt.nz', 'Jane Smith');
const mere = person('mere@mbie.govt.nz', 'Mere Tane');
const steward = person('steward@tsoc.example.nz', 'Sam Steward');
const stranger = person('pat@example.com', 'Pat');

beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());

describe('update', () => {
  it('saves an update by a member of the coordinating agency, and status shows it', async () => {
    const reply = await f.engine.run('update 7 on-track Team recruited', jane);
    expect(reply).toMatchObject({ ok: true, title: 'Saved: 7 is now On track.' });
    expect(reply.update).toMatchObject({ itemId: '7', status: 'on-track', note: 'Team recruited', by: 'Jane Smith', agency: 'Police', duplicate: false });
    const status = await f.engine.run('status 7', stranger);
    expect(status.title).toBe('7 is On track');
    expect(replyToText(status)).toContain('On track — Team recruited (Jane Smith (Police), Thu, 26 Nov 2026, 10:00 pm)');
    const history = await f.store.history('7');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'on-track', note: 'Team recruited', by: { email: 'jane@police.govt.nz', agencies: ['police'] } });
  });

  it.each([
    ['update 7 green', 'on-track'],
    ['update 7 on track', 'on-track'],
    ['update 7 ontrack', 'on-track'],
    ['set 7 done Evaluation report published', 'complete'],
    ['update 7 completed Evaluation report published', 'complete'],
    ['update 7 amber Recruitment slipping', 'at-risk'],
    ['update 7 red Funding withdrawn', 'off-track'],
    ['update 7 delayed Funding withdrawn', 'off-track'],
    ['update 7 behind Funding withdrawn', 'off-track'],
    ['UPDATE action 7 NOT STARTED', 'not-started'],
  ])('"%s" records %s', async (text, status) => {
    const reply = await f.engine.run(text, jane);
    expect(reply.ok).toBe(true);
    expect(reply.update?.status).toBe(status);
  });

  it.each(['update 13b on-track', 'update 13 b on-track', 'update 13(b) on-track', 'update action 13B on-track'])(
    'accepts the forms of a part: "%s"',
    async (text) => {
      const reply = await f.engine.run(text, mere);
      expect(reply.update?.itemId).toBe('13b');
    },
  );

  it('refuses someone outside the coordinating agencies and names who can', async () => {
    const before = (await f.store.history('13b')).length;
    const reply = await f.engine.run('update 13b on-track', jane);
    expect(reply).toMatchObject({ ok: false, code: 'not-permitted', title: "You can't update 13b." });
    expect(replyToText(reply)).toContain('Only members of Inland Revenue and MBIE (or a plan steward) can update 13b. You are in Police.');
    expect(await f.store.history('13b')).toHaveLength(before);
  });

  it('lets a steward from TSOC_ADMINS update anything', async () => {
    const reply = await f.engine.run('update 14c at-risk Awaiting budget decision', steward);
    expect(reply.ok).toBe(true);
  });

  it('refuses an update from someone without a verified email, but still answers look-ups', async () => {
    const anon = { platform: 'slack' as const, userId: 'U_ANON', displayName: 'Anon' };
    const reply = await f.engine.run('update 7 on-track', anon);
    expect(reply.code).toBe('no-identity');
    expect((await f.engine.run('who coordinates 7', anon)).ok).toBe(true);
  });

  it('asks for a part when an action has parts', async () => {
    const reply = await f.engine.run('update 13 on-track', mere);
    expect(reply).toMatchObject({ ok: false, code: 'needs-part', title: 'Action 13 has parts — update one of them: 13a, 13b or 13c.' });
  });

  it('says the action does not exist', async () => {
    const reply = await f.engine.run('update 99 on-track', jane);
    expect(reply).toMatchObject({ code: 'unknown-item', title: 'There is no action 99 — actions are 1–18.' });
  });

  it('suggests parts for a near miss', async () => {
    const reply = await f.engine.run('update 13d on-track', mere);
    expect(reply.title).toBe('There is no part 13d — did you mean 13a, 13b or 13c?');
  });

  it('lists the valid statuses for an unknown one', async () => {
    const reply = await f.engine.run('update 7 greenish', jane);
    expect(reply).toMatchObject({ code: 'bad-status', title: '"greenish" is not a status.' });
    expect(replyToText(reply)).toContain('not-started, on-track, at-risk, off-track, complete');
  });

  it('asks for a status when none is given', async () => {
    const reply = await f.engine.run('update 7', jane);
    expect(reply.code).toBe('bad-status');
  });

  it.each(['at-risk', 'off-track', 'amber', 'red'])('requires a reason for %s', async (status) => {
    const reply = await f.engine.run(`update 7 ${status}`, jane);
    expect(reply.code).toBe('needs-reason');
    expect(replyToText(reply)).toContain('update 7');
  });

  it('refuses an over-long note and saves nothing', async () => {
    const before = (await f.store.history('6')).length;
    const reply = await f.engine.run(`update 6 on-track ${'x'.repeat(1500)}`, jane);
    expect(reply).toMatchObject({ code: 'bad-input', title: 'That note is 1,500 characters; the limit is 1,000.' });
    expect(await f.store.history('6')).toHaveLength(before);
  });

  it('refuses a message over the command limit', async () => {
    const reply = await f.engine.run(`update 6 on-track ${'y'.repeat(5000)}`, jane);
    expect(reply.code).toBe('bad-input');
    expect(reply.title).toContain('commands are limited to 4,000');
  });

  it('stores operator-like and markup text literally', async () => {
    const note = '{"$gt": ""} <!channel> <@U123> <http://x|label> & $where';
    const reply = await f.engine.run(`update 5 on-track ${note}`, jane);
    expect(reply.update?.note).toBe(note);
    const [saved] = await f.store.history('5', { limit: 1 });
    expect(saved?.note).toBe(note);
    // and the store did not read it as a query: other items are untouched
    expect((await f.store.history('6')).every((u) => u.itemId === '6')).toBe(true);
  });

  it('turns control characters into spaces and keeps the words', async () => {
    const reply = await f.engine.run('update 5 on-track line\u0000one\u0007two\u001b[31m', jane);
    expect(reply.update?.note).toBe('line one two [31m');
  });

  it('replaces broken UTF-16 rather than failing', async () => {
    const reply = await f.engine.run('update 5 on-track bad \uD800 surrogate', jane);
    expect(reply.update?.note).toBe('bad \uFFFD surrogate');
  });

  it('applies a retried request once (same request key)', async () => {
    const before = (await f.store.history('15')).length;
    const first = await f.engine.run('update 15 on-track Liaison visit done', jane, { request: { key: 'retry-key-1' } });
    const again = await f.engine.run('update 15 on-track Liaison visit done', jane, { request: { key: 'retry-key-1' } });
    expect(first.update?.duplicate).toBe(false);
    expect(again).toMatchObject({ ok: true, title: 'Already saved: 15 is On track.' });
    expect(again.update?.duplicate).toBe(true);
    expect(await f.store.history('15')).toHaveLength(before + 1);
  });
});

describe('status, history and roll-up', () => {
  it('rolls action 13 up from its parts', async () => {
    const ird = person('ira@ird.govt.nz', 'Ira');
    await f.engine.run('update 13a complete', mere);
    await f.engine.run('update 13b on-track', ird);
    expect((await f.engine.run('status 13', jane)).title).toBe('Action 13 is On track (rolled up from its parts)');
    await f.engine.run('update 13c at-risk Supplier data late', mere);
    expect((await f.engine.run('status 13', jane)).title).toBe('Action 13 is At risk (rolled up from its parts)');
    await f.engine.run('update 13b off-track Legal advice negative', ird);
    expect((await f.engine.run('status 13', jane)).title).toBe('Action 13 is Off track (rolled up from its parts)');
  });

  it('answers "as of" a date from the history, never overwritten', async () => {
    f.clock.now = new Date('2026-12-01T00:00:00Z');
    await f.engine.run('update 18 on-track Advice drafted', jane);
    f.clock.now = new Date('2026-12-10T00:00:00Z');
    await f.engine.run('update 18 at-risk Cabinet paper delayed', jane);
    expect((await f.engine.run('status 18 as of 2026-12-05', jane)).title).toBe('18 is On track as of 5 Dec 2026');
    expect((await f.engine.run('status 18', jane)).title).toBe('18 is At risk');
    expect((await f.engine.run('status 18 as of 2026-11-01', jane)).title).toBe('18 is Not started as of 1 Nov 2026');
    const history = replyToText(await f.engine.run('history 18', jane));
    expect(history.indexOf('Cabinet paper delayed')).toBeLessThan(history.indexOf('Advice drafted'));
    const asOf = replyToText(await f.engine.run('history 18 as of 2026-12-05', jane));
    expect(asOf).toContain('Advice drafted');
    expect(asOf).not.toContain('Cabinet paper delayed');
  });

  it('explains an unreadable date', async () => {
    const reply = await f.engine.run('status 7 as of someday', jane);
    expect(reply).toMatchObject({ code: 'bad-input', title: `I can't read the date "someday".` });
  });

  it('lists at-risk items and stale items', async () => {
    const atRisk = replyToText(await f.engine.run('list at-risk', jane));
    expect(atRisk).toMatch(/^18 — /m);
    f.clock.now = new Date('2027-02-01T00:00:00Z');
    const stale = await f.engine.run('list stale', jane);
    expect(replyToText(stale)).toMatch(/^18 — /m);
  });

  it('summarises the whole plan', async () => {
    const reply = await f.engine.run('status', jane);
    expect(reply.title).toMatch(/^The plan: \d+ not started, /);
  });
});

describe('whoami, grant, revoke, tag', () => {
  it('tells people their agency and what they can update', async () => {
    const text = replyToText(await f.engine.run('whoami', jane));
    expect(text).toContain('Agency: New Zealand Police');
    expect(text).toContain('You can update: 1a, 5, 6, 7, 12, 15, 16, 18');
  });

  it('lets only stewards grant, and a grant lets the person update', async () => {
    const refused = await f.engine.run('grant pat@example.com customs', jane);
    expect(refused).toMatchObject({ code: 'not-permitted', title: 'Only plan stewards can grant membership.' });
    expect((await f.engine.run('update 11 on-track', stranger)).code).toBe('not-permitted');
    const granted = await f.engine.run('grant pat@example.com customs', steward);
    expect(granted.title).toBe('pat@example.com is now a member of New Zealand Customs Service.');
    expect((await f.engine.run('update 11 on-track Screening live', stranger)).ok).toBe(true);
    await f.engine.run('revoke pat@example.com customs', steward);
    expect((await f.engine.run('update 11 on-track', stranger)).code).toBe('not-permitted');
  });

  it('revoking a domain membership overrides the domain', async () => {
    const bob = person('bob@police.govt.nz', 'Bob');
    await f.engine.run('revoke bob@police.govt.nz police', steward);
    expect((await f.engine.run('update 7 on-track', bob)).code).toBe('not-permitted');
  });

  it('makes a TSOC Department/Agency member a steward', async () => {
    const tara = person('tara@newagency.example.nz', 'Tara');
    await f.engine.run('grant tara@newagency.example.nz tsoc agency', steward);
    expect(replyToText(await f.engine.run('whoami', tara))).toContain('Steward: yes');
  });

  it('names the candidates for an ambiguous agency in a grant', async () => {
    const reply = await f.engine.run('grant pat@example.com ministry', steward);
    expect(reply.code).toBe('ambiguous-agency');
  });

  it('looks up a mention through the surface', async () => {
    const reply = await f.engine.run('grant <@U999> police', steward, { lookupEmail: async (m) => (m === '<@U999>' ? 'kiri@example.com' : undefined) });
    expect(reply.title).toBe('kiri@example.com is now a member of New Zealand Police.');
  });

  it('tags an action and shows the areas', async () => {
    expect((await f.engine.run('tag 3 detect dismantle border', jane)).code).toBe('not-permitted');
    const reply = await f.engine.run('tag 3 detect dismantle border', steward);
    expect(reply.ok).toBe(true);
    const show = replyToText(await f.engine.run('show 3', jane));
    expect(show).toContain('Priority areas: detect, dismantle');
    expect(show).toContain('Focus areas: border');
    const bad = await f.engine.run('tag 3 sideways', steward);
    expect(bad).toMatchObject({ code: 'bad-input', title: '"sideways" is not an area.' });
  });
});

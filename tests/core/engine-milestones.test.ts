// Milestones through the real engine and database: add, done, move, remove,
// the lists, overdue, and every refusal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());
beforeEach(async () => {
  f.clock.now = new Date('2026-11-26T21:00:00Z'); // Fri 27 Nov 2026, 10 am in New Zealand
  await f.client.db(f.dbName).collection('milestone_events').deleteMany({});
});

const ird = person('aroha@ird.govt.nz', 'Aroha');
const police = person('jane@police.govt.nz', 'Jane');
const steward = person('steward@tsoc.example.nz', 'Steward');
let n = 0;
const say = async (text: string, who = ird) => {
  const reply = await f.engine.run(text, who, { request: { key: `req-${++n}` } });
  return { reply, text: replyToText(reply) };
};
const events = () => f.client.db(f.dbName).collection('milestone_events').countDocuments();

describe('milestone add', () => {
  it('numbers milestones per item from 1, and answers with the due date', async () => {
    expect((await say('milestone add 13b Legal advice received due 2027-03-31')).reply.title)
      .toBe('Milestone 1 of 13b added: Legal advice received, due Wed, 31 Mar 2027.');
    expect((await say('milestone add 13b Cabinet paper lodged due 30 June')).reply.title)
      .toBe('Milestone 2 of 13b added: Cabinet paper lodged, due Wed, 30 Jun 2027.');
    expect((await say('milestone add 7 Options paper due 2027-02-01', police)).reply.title).toMatch(/^Milestone 1 of 7 added/);
  });

  it('accepts a past due date with a warning that it is already overdue', async () => {
    const { reply } = await say('milestone add 13b Scoping done due 2026-11-01');
    expect(reply.title).toBe('Milestone 1 of 13b added: Scoping done, due Sun, 1 Nov 2026. It is already overdue.');
  });

  it('a replayed request adds once', async () => {
    const first = await f.engine.run('milestone add 13b Legal advice received due 2027-03-31', ird, { request: { key: 'same' } });
    const again = await f.engine.run('milestone add 13b Legal advice received due 2027-03-31', ird, { request: { key: 'same' } });
    expect(first.title).toMatch(/^Milestone 1 of 13b added/);
    expect(again.title).toBe('Already added 1 of 13b: Legal advice received, due Wed, 31 Mar 2027.');
    expect(await events()).toBe(1);
  });

  it('concurrent adds to one item get different numbers', async () => {
    const replies = await Promise.all([1, 2, 3, 4].map((i) => say(`milestone add 7 Step ${i} due 2027-01-0${i}`, police)));
    expect(replies.map((r) => r.reply.ok)).toEqual([true, true, true, true]);
    const numbers = replies.map((r) => /Milestone (\d+)/.exec(r.reply.title)![1]).sort();
    expect(numbers).toEqual(['1', '2', '3', '4']);
  });

  it.each([
    ['milestone add 13 Legal advice due 2027-03-31', 'needs-part'],
    ['milestone add 99 Something due 2027-03-31', 'unknown-item'],
    ['milestone add 13b Legal advice received', 'bad-input'],
    ['milestone add 13b Legal advice due someday', 'bad-input'],
    ['milestone add 13b due 2027-03-31', 'bad-input'],
  ])('"%s" is refused (%s) and stores nothing', async (text, code) => {
    expect((await say(text)).reply).toMatchObject({ ok: false, code });
    expect(await events()).toBe(0);
  });

  it('someone outside the coordinating agencies is refused, naming who can', async () => {
    const { reply, text } = await say('milestone add 13b Legal advice due 2027-03-31', police);
    expect(reply).toMatchObject({ ok: false, code: 'not-permitted' });
    expect(text).toContain('Only members of Inland Revenue and MBIE (or a plan steward) can update 13b.');
    expect(await events()).toBe(0);
  });
});

describe('milestone done, move and remove', () => {
  beforeEach(async () => {
    await say('milestone add 13b Legal advice received due 2027-03-31');
  });

  it('done marks it done with its note', async () => {
    expect((await say('milestone done 13b 1 Advice from Crown Law')).reply.title).toBe('Milestone 1 of 13b (Legal advice received) is done.');
    expect((await say('milestones 13b')).text).toContain('1. Legal advice received — due Wed, 31 Mar 2027 · done 27 Nov 2026');
  });

  it('move needs a reason, and shows the old and new dates', async () => {
    expect((await say('milestone move 13b 1 due 2027-06-30')).reply).toMatchObject({ ok: false, code: 'needs-reason' });
    const { reply } = await say('milestone move 13b 1 due 2027-06-30 Waiting on Cabinet');
    expect(reply.title).toBe('Milestone 1 of 13b (Legal advice received) is now due Wed, 30 Jun 2027 (was Wed, 31 Mar 2027).');
    expect((await say('milestones 13b')).text).toContain('due Wed, 30 Jun 2027 · open (moved once)');
    // Dates read as people write them, looking forward; the words after the date are the reason.
    expect((await say('milestone move 13b 1 due 31 July Cabinet moved')).reply.title).toContain('now due Sat, 31 Jul 2027 (was Wed, 30 Jun 2027)');
    expect((await say('milestones 13b')).text).toContain('due Sat, 31 Jul 2027 · open (moved 2 times)');
  });

  it('remove is for stewards, and needs a reason', async () => {
    expect((await say('milestone remove 13b 1 Not needed')).reply).toMatchObject({ ok: false, code: 'not-permitted' });
    expect((await say('milestone remove 13b 1', steward)).reply).toMatchObject({ ok: false, code: 'needs-reason' });
    expect((await say('milestone remove 13b 1 Duplicate', steward)).reply.title).toBe('Milestone 1 of 13b (Legal advice received) is removed.');
    expect((await say('milestone done 13b 1')).reply).toMatchObject({ ok: false, title: '13b has no milestone 1.' });
  });

  it('a milestone that does not exist is named, with the ones that do', async () => {
    const { reply, text } = await say('milestone done 13b 5');
    expect(reply).toMatchObject({ ok: false, code: 'bad-input', title: '13b has no milestone 5.' });
    expect(text).toContain('Its milestones are 1');
  });
});

describe('milestones and overdue', () => {
  it('lists the overdue ones, then those due in the next 90 days; overdue names the coordinators', async () => {
    await say('milestone add 13b Scoping done due 2026-11-01');
    await say('milestone add 13b Legal advice received due 2027-01-31');
    await say('milestone add 7 Team recruited due 2026-10-15', police);
    await say('milestone add 7 Far away due 2027-12-01', police);
    const { text } = await say('milestones');
    expect(text).toContain('Overdue (2)\n7 #1: Team recruited — due Thu, 15 Oct 2026\n13b #1: Scoping done — due Sun, 1 Nov 2026');
    expect(text).toContain('Due in the next 90 days (1)\n13b #2: Legal advice received — due Sun, 31 Jan 2027');
    expect(text).not.toContain('Far away');
    const late = await say('overdue');
    expect(late.reply.title).toBe('2 milestones are overdue');
    expect(late.text).toContain('13b #1: Scoping done — due Sun, 1 Nov 2026 — coordinated by Inland Revenue and MBIE');
    expect((await say('milestones 13b')).text).toContain('1. Scoping done — due Sun, 1 Nov 2026 · OVERDUE');
  });

  it('a milestone is overdue only once its day has passed in New Zealand', async () => {
    await say('milestone add 7 Due today due 2026-11-27', police);
    expect((await say('overdue')).reply.title).toBe('No milestone is overdue.');
    f.clock.now = new Date('2026-11-27T11:00:00Z'); // midnight starting 28 Nov in New Zealand
    expect((await say('overdue')).reply.title).toBe('1 milestone is overdue');
  });
});

describe('overdue beside the status', () => {
  beforeEach(async () => {
    await say('milestone add 7 Team recruited due 2026-10-15', police);
  });

  it('show, status and list carry the flag; list overdue lists the items; the status itself is unchanged', async () => {
    await say('update 7 on-track Recruiting', police);
    expect((await say('show 7')).text).toContain('Status: On track — Recruiting');
    expect((await say('show 7')).text).toContain('· ⚠ 1 milestone overdue');
    const status = await say('status 7');
    expect(status.reply.title).toBe('7 is On track');
    expect(status.text).toContain('· ⚠ 1 milestone overdue');
    expect((await say('status')).text).toContain('7 — ');
    expect((await say('status')).text).toMatch(/\[On track · ⚠ 1 milestone overdue\]/);
    expect((await say('list police')).text).toMatch(/7 — .*\[On track · ⚠ 1 milestone overdue\]/);
    const overdue = await say('list overdue');
    expect(overdue.reply.title).toBe('With an overdue milestone (1)');
    expect(overdue.text).toContain('7 — ');
  });

  it('the flag goes once the milestone is done', async () => {
    await say('milestone done 7 1', police);
    expect((await say('status 7')).text).not.toContain('overdue');
    expect((await say('list overdue')).reply.title).toBe('With an overdue milestone: none.');
  });
});

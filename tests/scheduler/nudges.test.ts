// Nudges: a direct message to people of the coordinating agencies when their
// item goes stale, with an update button — once per item per stale period,
// however many instances run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';

let f: DigestFixture;
let slack: RecordingNotifier;
let teams: RecordingNotifier;
const clock: TestClock = { now: new Date(0) };

beforeEach(async () => {
  f = await digestFixture('nudges');
  slack = recordingNotifier('slack', { now: () => clock.now });
  teams = recordingNotifier('teams', { now: () => clock.now });
  const seen = nz('2026-05-01 09:00');
  await f.store.rememberPerson({ platform: 'slack', userId: 'U0JANE', displayName: 'Jane Smith', email: 'jane.smith@police.govt.nz', lastSeen: seen });
  await f.store.rememberPerson({ platform: 'teams', userId: 'aad-tama', displayName: 'Tama', email: 'tama@health.govt.nz', lastSeen: seen });
  await f.store.rememberPerson({ platform: 'slack', userId: 'U0ACC', displayName: 'Ana', email: 'ana@acc.co.nz', lastSeen: seen }); // ACC coordinates nothing
  // Everything Police and Health coordinate is up to date, except 7 (Police) and 9 (Health).
  for (const id of ['1a', '5', '6', '12', '15', '16', '18']) await f.update(id, 'on-track', 'fine', nz('2026-05-28 09:00'));
  await f.update('8', 'on-track', 'fine', nz('2026-05-28 09:00'), { name: 'Tama', agency: 'health' });
  await f.update('7', 'on-track', 'Team recruited', nz('2026-05-01 09:00'));
});
afterEach(() => f.close());

/** The items a nudge offers to update (one button; several items are listed in its form). */
const itemsOf = (reply: { actions: { itemId: string; choices?: string[] }[] }) => reply.actions.flatMap((a) => a.choices ?? [a.itemId]);

describe('nudges', () => {
  it('message each member about their stale items, with a button per item', async () => {
    clock.now = nz('2026-06-01 09:00');
    const report = await f.service({ clock, notifiers: [slack, teams] }).runSlot(clock.now);
    expect(report.nudged).toBe(2);
    expect(slack.directs.map((d) => d.userId)).toEqual(['U0JANE']);
    const jane = slack.directs[0]!.reply;
    expect(jane.title).toBe('7 needs a status update');
    expect(replyToText(jane)).toContain('last updated 31 days ago (On track, 1 May 2026)');
    expect(jane.actions).toEqual([{ kind: 'update-status', itemId: '7', label: 'Update 7' }]);
    expect(teams.directs.map((d) => [d.userId, d.reply.actions.map((a) => a.itemId)])).toEqual([['aad-tama', ['9']]]);
    expect(replyToText(teams.directs[0]!.reply)).toContain('no update yet');
  });

  it('are sent once per stale period, and again once the item goes stale after a new update', async () => {
    const about = (id: string) => slack.directs.filter((d) => itemsOf(d.reply).includes(id));
    const service = f.service({ clock, notifiers: [slack, teams] });
    clock.now = nz('2026-06-01 09:00');
    await service.runSlot(clock.now);
    clock.now = nz('2026-06-08 09:00'); // next week: still the same stale period
    await service.runSlot(clock.now);
    expect(slack.directs).toHaveLength(1);

    await f.update('7', 'at-risk', 'Waiting on funding', nz('2026-06-09 09:00'));
    clock.now = nz('2026-06-15 09:00'); // six days after: 7 is not stale (the others, updated 28 May, now are)
    await service.runSlot(clock.now);
    expect(about('7')).toHaveLength(1);
    expect(itemsOf(slack.directs.at(-1)!.reply)).toEqual(['1a', '5', '6', '12', '15', '16', '18']);
    expect(slack.directs.at(-1)!.reply.actions).toHaveLength(1); // one button, its form lists the seven
    clock.now = nz('2026-06-29 09:00'); // twenty days after: 7 is stale again; the others were told already
    await service.runSlot(clock.now);
    expect(about('7')).toHaveLength(2);
    expect(itemsOf(slack.directs.at(-1)!.reply)).toEqual(['7']);
    expect(replyToText(slack.directs.at(-1)!.reply)).toContain('last updated 20 days ago (At risk, 9 Jun 2026)');
  });

  it('reach each person once when three instances run the same slot', async () => {
    clock.now = nz('2026-06-01 09:00');
    const services = [0, 1, 2].map(() => f.service({ clock, notifiers: [slack, teams] }));
    const reports = await Promise.all(services.map((s) => s.runSlot(clock.now)));
    expect(reports.reduce((n, r) => n + r.nudged, 0)).toBe(2);
    expect(slack.directs).toHaveLength(1);
    expect(teams.directs).toHaveLength(1);
  });
});

describe('a plan that has just gone live', () => {
  it('nudges nobody about items with no update yet until STALE_AFTER_DAYS after the go-live date', async () => {
    // Health's 9 has never had an update; the plan went live (first start) on 25 May.
    clock.now = nz('2026-05-25 09:00');
    const service = f.service({ clock, notifiers: [slack, teams], planStart: null });
    await service.runSlot(clock.now);
    expect(teams.directs).toHaveLength(0);
    clock.now = nz('2026-06-01 09:00'); // a week in: still awaiting a first update, not stale
    await service.runSlot(clock.now);
    expect(teams.directs).toHaveLength(0);
    clock.now = nz('2026-06-08 09:00'); // fourteen days in
    await service.runSlot(clock.now);
    expect(teams.directs.map((d) => itemsOf(d.reply))).toEqual([['9']]);
  });
});

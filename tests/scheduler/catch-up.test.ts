// Starting after a missed slot sends that slot's digest once, marked late —
// never a backlog of the slots before it — and only to channels that were
// subscribed when it was due.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine.js';
import { replyToText } from '../../src/core/reply.js';
import { localDateTime } from '../../src/scheduler/local-time.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';

let f: DigestFixture;
let slack: RecordingNotifier;
let teams: RecordingNotifier;
const clock: TestClock = { now: new Date(0) };

beforeEach(async () => {
  f = await digestFixture('catchup');
  slack = recordingNotifier('slack', { now: () => clock.now });
  teams = recordingNotifier('teams', { now: () => clock.now });
  await f.subscribe('slack', 'C_POLICE', 'police', nz('2026-05-01 12:00'));
  await f.subscribe('teams', 'T_HEALTH', 'health', nz('2026-05-01 12:00'));
});
afterEach(() => f.close());

describe('all instances down for three weeks', () => {
  it('a new instance sends only the latest missed slot, once, marked late', async () => {
    // Mondays 4, 11 and 18 May were missed; it is now Thursday 21 May.
    clock.now = nz('2026-05-21 14:00');
    const service = f.service({ clock, notifiers: [slack, teams] });
    const report = await service.catchUp();
    expect(report).toMatchObject({ slot: nz('2026-05-18 09:00'), late: true, claimed: 2, sent: 2 });
    expect(slack.posts.map((p) => p.deliveryKey)).toEqual([`slack:C_POLICE@${nz('2026-05-18 09:00').toISOString()}`]);
    expect(teams.posts).toHaveLength(1);
    const text = replyToText(slack.posts[0]!.pages[0]!);
    expect(text).toContain('TSOC Action Plan digest for New Zealand Police — 18 May 2026 (late)');
    expect(text).toContain('This digest was due Mon, 18 May 2026, 9:00 am; it comes late because it could not be sent then (the bot or its database was not running).');

    // Another instance starting later the same day finds it done.
    clock.now = nz('2026-05-21 16:00');
    const again = await f.service({ clock, notifiers: [slack, teams] }).catchUp();
    expect(again).toMatchObject({ claimed: 0, alreadyClaimed: 2 });
    expect(slack.posts).toHaveLength(1);
  });

  it('through start(): the catch-up runs in the background and the status says late', async () => {
    clock.now = nz('2026-05-21 14:00');
    const service = f.service({ clock, notifiers: [slack, teams] });
    await service.start();
    await service.idle();
    expect(slack.posts).toHaveLength(1);
    // node-cron runs on real time: its next fire is the next real Monday 9:00 in Auckland.
    const wake = service.nextWake()!;
    expect(wake.by).toBe('cron');
    expect(wake.at.getTime()).toBeGreaterThan(Date.now());
    expect(localDateTime(wake.at, 'Pacific/Auckland')).toMatchObject({ weekday: 1, h: 9, min: 0, s: 0 });
    const engine = createEngine({
      plan: f.plan, store: f.store, admins: ['steward@tsoc.example.nz'], timeZone: 'Pacific/Auckland', staleAfterDays: 14,
      logger: f.logger, now: () => clock.now, extra: service.commands,
    });
    const status = replyToText(await engine.run('digest status', { platform: 'cli', userId: 's', displayName: 'S', email: 'steward@tsoc.example.nz' }));
    expect(status).toContain('Digests due Mon, 18 May 2026, 9:00 am: 2 late');
    expect(status).toMatch(/Police → Slack channel C_POLICE: sent late Thu, 21 May 2026, 2:00 pm/);
    expect(status).toContain('Next digest: Mon, 25 May 2026, 9:00 am');
  });
});

describe('a restart just after a slot', () => {
  it('is not late within the grace period', async () => {
    clock.now = nz('2026-05-18 09:04');
    const report = await f.service({ clock, notifiers: [slack, teams] }).catchUp();
    expect(report).toMatchObject({ late: false, sent: 2 });
    expect(replyToText(slack.posts[0]!.pages[0]!)).not.toContain('(late)');
  });
});

describe('a channel that subscribed after the missed slot', () => {
  it('is not sent that slot; its first digest is the next one', async () => {
    await f.subscribe('slack', 'C_NEW', 'customs', nz('2026-05-19 10:00'));
    clock.now = nz('2026-05-21 14:00');
    const report = await f.service({ clock, notifiers: [slack, teams] }).catchUp();
    expect(report?.claimed).toBe(2);
    expect(slack.postsTo('C_NEW')).toHaveLength(0);
  });
});

describe('a daily 02:30 schedule on the day clocks spring forward', () => {
  it('sends 27 September’s digest at 03:30 NZDT, keyed by that instant', async () => {
    clock.now = nz('2026-09-27 03:29');
    // 27 September 2026 is a Sunday: this test is about the clock change, so send on days off too.
    const service = f.service({ clock, notifiers: [slack, teams], schedule: '30 2 * * *', onHolidays: 'send' });
    expect((await service.catchUp())?.slot).toEqual(new Date('2026-09-25T14:30:00Z')); // still the 26th's
    clock.now = nz('2026-09-27 03:30');
    const report = await service.runSlot(service.schedule.latest(clock.now)!);
    expect(report.slot.toISOString()).toBe('2026-09-26T14:30:00.000Z');
    expect(report.late).toBe(false);
    expect(slack.postsTo('C_POLICE').map((p) => p.deliveryKey)).toEqual([
      'slack:C_POLICE@2026-09-25T14:30:00.000Z',
      'slack:C_POLICE@2026-09-26T14:30:00.000Z',
    ]);
    expect(replyToText(slack.posts[1]!.pages[0]!)).toContain('— 27 Sept 2026');
  });
});

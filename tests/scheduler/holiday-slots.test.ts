// Digests on New Zealand's working days: a slot that falls on a weekend or a
// public holiday moves to the next working day at the same local time
// (DIGEST_ON_HOLIDAYS=next-working-day, the default), is dropped (skip), or is
// kept (send) — and a moved slot is still one digest per subscription however
// many instances run it.
import cron from 'node-cron';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine.js';
import { replyToText } from '../../src/core/reply.js';
import { createSchedule } from '../../src/scheduler/cron-slots.js';
import { planWake } from '../../src/scheduler/cron-trigger.js';
import { nzWorkingDays } from '../../src/scheduler/working-days.js';
import { digestFixture, nz, type DigestFixture } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';

const TZ = 'Pacific/Auckland';
const schedule = (expression: string, policy: 'next-working-day' | 'skip' | 'send' = 'next-working-day', region?: 'WGN') =>
  createSchedule(expression, TZ, nzWorkingDays({ policy, ...(region ? { region } : {}) }));
const next = (expression: string, after: string, count: number, policy?: 'next-working-day' | 'skip' | 'send') => {
  const s = schedule(expression, policy);
  const out: Date[] = [];
  let t = nz(after);
  for (let i = 0; i < count; i++) out.push((t = s.next(t)));
  return out;
};

describe('slots on days off', () => {
  it('a Monday digest on Waitangi Day observed (Mon 8 Feb 2027) goes out on Tuesday at 9:00', () => {
    expect(next('0 9 * * 1', '2027-02-01 10:00', 2)).toEqual([nz('2027-02-09 09:00'), nz('2027-02-15 09:00')]);
    expect(schedule('0 9 * * 1').latest(nz('2027-02-08 12:00'))).toEqual(nz('2027-02-01 09:00'));
    expect(schedule('0 9 * * 1').latest(nz('2027-02-09 09:00'))).toEqual(nz('2027-02-09 09:00'));
  });

  it('a Friday digest on Matariki (Fri 25 Jun 2027) goes out on Monday 28 June', () => {
    expect(next('0 9 * * 5', '2027-06-19 10:00', 2)).toEqual([nz('2027-06-28 09:00'), nz('2027-07-02 09:00')]);
  });

  it('slots moved onto a day that has its own make one slot, not several', () => {
    // Saturday's slot moves to Monday, where Monday's own slot already is.
    expect(next('0 9 * * 1,6', '2027-03-05 10:00', 2)).toEqual([nz('2027-03-08 09:00'), nz('2027-03-15 09:00')]);
    // A daily digest over Christmas 2027: Sat 25 to Tue 28 are all days off; one digest on Wednesday.
    expect(next('0 9 * * *', '2027-12-24 10:00', 2)).toEqual([nz('2027-12-29 09:00'), nz('2027-12-30 09:00')]);
  });

  it('skip drops the slot; send keeps it', () => {
    expect(next('0 9 * * 1', '2027-02-01 10:00', 1, 'skip')).toEqual([nz('2027-02-15 09:00')]);
    expect(next('0 9 * * 1', '2027-02-01 10:00', 1, 'send')).toEqual([nz('2027-02-08 09:00')]);
  });

  it('the regional anniversary day counts only with HOLIDAY_REGION', () => {
    expect(schedule('0 9 * * 1').next(nz('2027-01-20 10:00'))).toEqual(nz('2027-01-25 09:00'));
    expect(schedule('0 9 * * 1', 'next-working-day', 'WGN').next(nz('2027-01-20 10:00'))).toEqual(nz('2027-01-26 09:00'));
  });

  const tasks: ReturnType<typeof cron.createTask>[] = [];
  afterAll(async () => {
    for (const t of tasks) await t.destroy();
  });
  it('node-cron never names the moved slot, so the bot arms its own timer for it', () => {
    const task = cron.createTask('0 9 * * 1', () => undefined, { timezone: TZ });
    tasks.push(task);
    expect(planWake(schedule('0 9 * * 1'), (d) => task.match(d), nz('2027-02-08 08:00'))).toEqual({ at: nz('2027-02-09 09:00'), by: 'timer' });
    expect(planWake(schedule('0 9 * * 1'), (d) => task.match(d), nz('2027-02-10 08:00'))).toEqual({ at: nz('2027-02-15 09:00'), by: 'cron' });
  });
});

describe('a moved slot across three instances', () => {
  let f: DigestFixture;
  let slack: RecordingNotifier;
  let teams: RecordingNotifier;
  beforeEach(async () => {
    f = await digestFixture('holiday');
    slack = recordingNotifier('slack');
    teams = recordingNotifier('teams');
    const before = nz('2027-01-01 09:00');
    await f.subscribe('slack', 'C_POLICE', 'police', before);
    await f.subscribe('teams', '19:customs@thread.tacv2', 'customs', before);
  });
  afterEach(() => f.close());

  const steward = { platform: 'cli' as const, userId: 'steward', displayName: 'Steward', email: 'steward@tsoc.example.nz' };
  async function ask(text: string, clock: { now: Date }, service = f.service({ clock, notifiers: [slack, teams] })): Promise<string> {
    const engine = createEngine({
      plan: f.plan, store: f.store, admins: [steward.email], timeZone: TZ, staleAfterDays: 14, logger: f.logger,
      now: () => clock.now, extra: service.commands,
    });
    return replyToText(await engine.run(text, steward));
  }

  it('off Waitangi Day observed: digest status names Tuesday, and three instances send one digest each', async () => {
    const monday = { now: nz('2027-02-08 09:30') };
    expect(await ask('digest status', monday)).toContain('Next digest: Tue, 9 Feb 2027, 9:00 am');
    // Tuesday 9:00: every instance catches up the moved slot at once.
    const tuesday = { now: new Date(nz('2027-02-09 09:00').getTime() + 300) };
    const instances = [0, 1, 2].map(() => f.service({ clock: tuesday, notifiers: [slack, teams] }));
    const reports = await Promise.all(instances.map((s) => s.catchUp()));
    expect(reports.reduce((n, r) => n + (r?.sent ?? 0), 0)).toBe(2);
    expect(slack.digests().map((p) => p.deliveryKey)).toEqual([`slack:C_POLICE@${nz('2027-02-09 09:00').toISOString()}`]);
    expect(teams.digests()).toHaveLength(1);
    await Promise.all(instances.map((s) => s.runSlot(nz('2027-02-09 09:00'))));
    expect(slack.digests()).toHaveLength(1);
    expect(teams.digests()).toHaveLength(1);
  });

  it('off Matariki: a Friday schedule sends on Monday 28 June 2027, once per subscription', async () => {
    const slot = nz('2027-06-28 09:00');
    const clock = { now: new Date(slot.getTime() + 300) };
    const instances = [0, 1, 2].map(() => f.service({ clock, notifiers: [slack, teams], schedule: '0 9 * * 5' }));
    expect(instances[0]!.schedule.latest(clock.now)).toEqual(slot);
    await Promise.all(instances.map((s) => s.catchUp()));
    await Promise.all(instances.map((s) => s.runSlot(slot)));
    expect(slack.digests()).toHaveLength(1);
    expect(teams.digests()).toHaveLength(1);
    expect(slack.digests()[0]!.pages[0]!.title).toContain('28 Jun 2027');
  });
});

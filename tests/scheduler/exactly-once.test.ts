// One digest per subscription per slot, however many instances fire it, and
// no duplicate when an instance dies between posting and recording.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { createEngine } from '../../src/core/engine.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';
import type { DigestService } from '../../src/scheduler/digest-service.js';

const SLOT = nz('2026-03-30 09:00'); // a Monday
const steward = { platform: 'cli' as const, userId: 'steward', displayName: 'Steward', email: 'steward@tsoc.example.nz' };

let f: DigestFixture;
let slack: RecordingNotifier;
let teams: RecordingNotifier;
let platformClock: TestClock;

beforeEach(async () => {
  f = await digestFixture('once');
  platformClock = { now: new Date(SLOT.getTime() + 1000) };
  slack = recordingNotifier('slack', { now: () => platformClock.now });
  teams = recordingNotifier('teams', { now: () => platformClock.now });
  const before = new Date(SLOT.getTime() - 7 * 86_400_000);
  await f.subscribe('slack', 'C_POLICE', 'police', before);
  await f.subscribe('slack', 'C_CUSTOMS', 'customs', before);
  await f.subscribe('slack', 'C_ALL', 'all', before);
  await f.subscribe('teams', '19:mbie@thread.tacv2', 'mbie', before);
  await f.subscribe('teams', 'a:1police-chat', 'police', before);
  await f.updateEvery(new Date(before.getTime() - 14 * 86_400_000)); // stale by now: the whole-plan digest runs to two pages
});
afterEach(() => f.close());

/** What a steward sees for `digest status`, through the real engine. */
async function digestStatus(service: DigestService, clock: TestClock): Promise<string> {
  const engine = createEngine({
    plan: f.plan, store: f.store, admins: [steward.email], timeZone: 'Pacific/Auckland', staleAfterDays: 14,
    logger: f.logger, now: () => clock.now, extra: service.commands,
  });
  return replyToText(await engine.run('digest status', steward));
}

/** Digests per channel; and no page was ever posted twice. */
const countBy = (posts: { channelId: string }[]) => {
  for (const n of [slack, teams]) expect(new Set(n.posts.map((p) => p.deliveryKey)).size).toBe(n.posts.length);
  return countOf(posts);
};
const countOf = (posts: { channelId: string }[]) =>
  Object.fromEntries([...new Set(posts.map((p) => p.channelId))].map((c) => [c, posts.filter((p) => p.channelId === c).length]));

describe('three instances firing the same slot', () => {
  it('post exactly one digest per subscription between them', async () => {
    const clock = { now: new Date(SLOT.getTime() + 200) };
    const instances = [0, 1, 2].map(() => f.service({ clock, notifiers: [slack, teams] }));
    const reports = await Promise.all(instances.map((s) => s.runSlot(SLOT)));

    expect(countBy(slack.digests())).toEqual({ C_POLICE: 1, C_CUSTOMS: 1, C_ALL: 1 });
    expect(countBy(teams.digests())).toEqual({ '19:mbie@thread.tacv2': 1, 'a:1police-chat': 1 });
    expect(reports.reduce((n, r) => n + r.claimed, 0)).toBe(5);
    expect(reports.reduce((n, r) => n + r.alreadyClaimed, 0)).toBe(10);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(5);
    // Each post carries its (subscription, slot) key, for the platform's metadata.
    expect(slack.postsTo('C_POLICE')[0]!.deliveryKey).toBe(`slack:C_POLICE@${SLOT.toISOString()}`);

    // Firing again (a second cron tick, a restart's catch-up) sends nothing more.
    await Promise.all(instances.map((s) => s.runSlot(SLOT)));
    await instances[0]!.catchUp();
    expect(slack.digests()).toHaveLength(3);
    expect(teams.digests()).toHaveLength(2);

    const status = await digestStatus(instances[1]!, clock);
    expect(status).toContain('Digests due Mon, 30 Mar 2026, 9:00 am: 5 sent');
    expect(status).toMatch(/Police → Slack channel C_POLICE: sent Mon, 30 Mar 2026, 9:00 am/);
  });
});

describe('an instance killed after posting and before recording', () => {
  async function killMidPost(notifier: RecordingNotifier, channelId: string): Promise<{ a: DigestService; b: DigestService; bClock: TestClock }> {
    notifier.behave(channelId, { kind: 'post-then-hang' });
    const aClock = { now: new Date(SLOT.getTime() + 500) };
    const a = f.service({ clock: aClock, notifiers: [slack, teams], tuning: { postTimeoutMs: 60_000 } });
    void a.runSlot(SLOT); // never finishes: its post to `channelId` never returns, as if the process died there
    await notifier.waitFor(() => notifier.postsTo(channelId).length === 1);
    await slack.waitFor(() => slack.digests().length + teams.digests().length === 5);
    await f.outcomes(4);
    // Ten minutes later a new instance starts; A's heartbeat is ten minutes old.
    const bClock = { now: new Date(SLOT.getTime() + 10 * 60_000) };
    platformClock.now = bClock.now;
    const b = f.service({ clock: bClock, notifiers: [slack, teams] });
    return { a, b, bClock };
  }

  it('Slack: the new instance finds the post by its delivery key and records it, without posting again', async () => {
    const { b, bClock } = await killMidPost(slack, 'C_CUSTOMS');
    const report = await b.catchUp();
    expect(report).toMatchObject({ claimed: 0, alreadyClaimed: 5, recovered: 1, sent: 1 });
    expect(slack.postsTo('C_CUSTOMS')).toHaveLength(1);
    expect(countBy(slack.digests())).toEqual({ C_POLICE: 1, C_CUSTOMS: 1, C_ALL: 1 });
    const status = await digestStatus(b, bClock);
    expect(status).toMatch(/Customs → Slack channel C_CUSTOMS: sent Mon, 30 Mar 2026, 9:00 am, confirmed on the platform after an interrupted post/);
    expect(status).toContain('5 sent');
  });

  it('Teams (which cannot look a post up): not posted again, and shown as needing attention', async () => {
    const { b, bClock } = await killMidPost(teams, 'a:1police-chat');
    const report = await b.catchUp();
    expect(report).toMatchObject({ recovered: 1, unknown: 1, sent: 0 });
    expect(teams.postsTo('a:1police-chat')).toHaveLength(1);
    const status = await digestStatus(b, bClock);
    expect(status).toContain('1 need attention, 4 sent');
    expect(status).toMatch(/Police → Teams conversation a:1police-chat: NEEDS ATTENTION: the bot stopped while posting it, and Teams cannot confirm whether the post arrived\. Check the channel; it was not sent again/);
  });

  it('a live instance is left alone: its open post is not taken over while its heartbeat is fresh', async () => {
    slack.behave('C_ALL', { kind: 'post-then-hang' });
    const clock = { now: new Date(SLOT.getTime() + 500) };
    const a = f.service({ clock, notifiers: [slack, teams], tuning: { postTimeoutMs: 60_000 } });
    void a.runSlot(SLOT);
    await slack.waitFor(() => slack.digests().length + teams.digests().length === 5);
    const b = f.service({ clock: { now: new Date(SLOT.getTime() + 30_000) }, notifiers: [slack, teams] });
    expect(await b.catchUp()).toMatchObject({ alreadyClaimed: 5, recovered: 0 });
    expect(await b.sweep()).toBeUndefined(); // nobody has gone quiet: nothing to look at
    expect(slack.postsTo('C_ALL')).toHaveLength(1);
  });

  it('a running instance’s sweep takes over when another dies, without a restart', async () => {
    slack.behave('C_ALL', { kind: 'post-then-hang' });
    const a = f.service({ clock: { now: new Date(SLOT.getTime() + 500) }, notifiers: [slack, teams], tuning: { postTimeoutMs: 60_000 } });
    void a.runSlot(SLOT);
    await slack.waitFor(() => slack.digests().length + teams.digests().length === 5);
    await f.outcomes(4);
    const bClock = { now: new Date(SLOT.getTime() + 10 * 60_000) };
    const b = f.service({ clock: bClock, notifiers: [slack, teams] });
    expect(await b.sweep()).toMatchObject({ recovered: 1, sent: 1 });
    // A got page 1 out and died; B found it on Slack and posted the rest, each page once.
    const key = `slack:C_ALL@${SLOT.toISOString()}`;
    expect(slack.postsTo('C_ALL').map((p) => p.deliveryKey)).toEqual([key, `${key}/2`]);
    expect(countBy(slack.digests())).toEqual({ C_POLICE: 1, C_CUSTOMS: 1, C_ALL: 1 });
    expect(await b.sweep()).toBeUndefined(); // A's open work is released
    expect(await digestStatus(b, bClock)).toContain('5 sent');
  });
});

describe('an instance killed after claiming, before posting', () => {
  it('leaves a claim the next instance delivers once', async () => {
    await f.deliveries.claim({
      key: `slack:C_POLICE@${SLOT.toISOString()}`, subscriptionId: 'slack:C_POLICE', platform: 'slack', channelId: 'C_POLICE',
      agency: 'police', slot: SLOT, owner: 'instance-that-died', claimedAt: SLOT, late: false,
    });
    const clock = { now: new Date(SLOT.getTime() + 5 * 60_000) };
    const b = f.service({ clock, notifiers: [slack, teams] });
    const report = await b.catchUp();
    expect(report).toMatchObject({ claimed: 4, alreadyClaimed: 1, recovered: 1, sent: 5 });
    expect(countBy(slack.digests())).toEqual({ C_POLICE: 1, C_CUSTOMS: 1, C_ALL: 1 });
    expect(await digestStatus(b, clock)).toContain('5 sent');
  });
});

describe('a post that lands but reports an error', () => {
  it('is found by its key before a retry, so Slack gets it once', async () => {
    slack.behave('C_POLICE', { kind: 'post-then-throw', times: 1 });
    const clock = { now: new Date(SLOT.getTime() + 100) };
    const report = await f.service({ clock, notifiers: [slack, teams] }).runSlot(SLOT);
    expect(slack.postsTo('C_POLICE')).toHaveLength(1);
    expect(slack.calls.get('C_POLICE')).toBe(1);
    expect(report.sent).toBe(5);
  });
});

// A failing or rate-limited channel never holds up the others; failures are
// retried with backoff and, after the last try, shown as failed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine.js';
import { replyToText } from '../../src/core/reply.js';
import { ChannelPacer, type JobStep } from '../../src/scheduler/channel-pacer.js';
import type { DigestService } from '../../src/scheduler/digest-service.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';

const SLOT = nz('2026-06-08 09:00'); // a Monday that is a working day (1 June 2026 is King's Birthday)
const steward = { platform: 'cli' as const, userId: 'steward', displayName: 'Steward', email: 'steward@tsoc.example.nz' };

let f: DigestFixture;
let slack: RecordingNotifier;
let teams: RecordingNotifier;
const clock: TestClock = { now: SLOT };

beforeEach(async () => {
  f = await digestFixture('pacing');
  clock.now = new Date(SLOT.getTime() + 1000);
  slack = recordingNotifier('slack', { now: () => clock.now });
  teams = recordingNotifier('teams', { now: () => clock.now });
  const before = new Date(SLOT.getTime() - 86_400_000);
  for (const [platform, channel, agency] of [
    ['slack', 'C_BROKEN', 'police'], ['slack', 'C_OK_1', 'customs'], ['slack', 'C_OK_2', 'mbie'], ['teams', 'T_OK', 'ird'],
  ] as const) await f.subscribe(platform, channel, agency, before);
});
afterEach(() => f.close());

async function digestStatus(service: DigestService): Promise<string> {
  const engine = createEngine({
    plan: f.plan, store: f.store, admins: [steward.email], timeZone: 'Pacific/Auckland', staleAfterDays: 14,
    logger: f.logger, now: () => clock.now, extra: service.commands,
  });
  return replyToText(await engine.run('digest status', steward));
}

describe('a rate-limited channel beside healthy ones', () => {
  it('waits in its own queue while the others are delivered, even with one worker', async () => {
    slack.behave('C_BROKEN', { kind: 'rate-limit', times: 100, retryAfterMs: 60_000 });
    const service = f.service({ clock, notifiers: [slack, teams], tuning: { concurrency: 1 } });
    const run = service.runSlot(SLOT);
    await slack.waitFor(() => slack.posts.length === 2 && teams.posts.length === 1);
    await f.outcomes(3);
    expect(slack.postsTo('C_BROKEN')).toHaveLength(0);
    expect(slack.calls.get('C_BROKEN')).toBe(1); // tried once, now waiting out its Retry-After

    const status = await digestStatus(service);
    expect(status).toMatch(/Customs → Slack channel C_OK_1: sent Mon, 8 Jun 2026, 9:00 am/);
    expect(status).toMatch(/Inland Revenue → Teams conversation T_OK: sent/);
    expect(status).toMatch(/Police → Slack channel C_BROKEN: pending \(started Mon, 8 Jun 2026, 9:00 am, 1 try so far\)/);
    await service.stop();
    await run;
  });
});

describe('a channel whose posts keep failing', () => {
  it('is retried with backoff, then recorded as failed and shown in digest status', async () => {
    slack.behave('C_BROKEN', { kind: 'fail', times: 100, error: 'not_in_channel' });
    const service = f.service({ clock, notifiers: [slack, teams], tuning: { maxErrors: 3, slackIntervalMs: 10 } });
    const report = await service.runSlot(SLOT);
    expect(report).toMatchObject({ claimed: 4, sent: 3, failed: 1 });
    expect(slack.calls.get('C_BROKEN')).toBe(3);
    expect(slack.postsTo('C_OK_1')).toHaveLength(1);
    const status = await digestStatus(service);
    expect(status).toContain('Digests due Mon, 8 Jun 2026, 9:00 am: 1 failed, 3 sent');
    expect(status).toContain('Police → Slack channel C_BROKEN: FAILED after 3 tries: not_in_channel');
    // Failed stays failed for that slot: the next tick does not post it again.
    await service.runSlot(SLOT);
    expect(slack.calls.get('C_BROKEN')).toBe(3);
  });

  it('gets its digest once when a retry succeeds', async () => {
    teams.behave('T_OK', { kind: 'fail', times: 2, error: 'BadGateway' });
    const report = await f.service({ clock, notifiers: [slack, teams] }).runSlot(SLOT);
    expect(report).toMatchObject({ sent: 4, failed: 0 });
    expect(teams.calls.get('T_OK')).toBe(3);
    expect(teams.postsTo('T_OK')).toHaveLength(1);
  });

  it('is recorded as failed when rate limits never clear', async () => {
    teams.behave('T_OK', { kind: 'rate-limit', times: 100, retryAfterMs: 5 });
    const report = await f.service({ clock, notifiers: [slack, teams], tuning: { maxRateLimited: 4 } }).runSlot(SLOT);
    expect(report).toMatchObject({ sent: 3, failed: 1 });
    expect(teams.calls.get('T_OK')).toBe(4);
  });
});

describe('a platform this server has no connection to', () => {
  it('leaves those subscriptions pending and says why', async () => {
    const service = f.service({ clock, notifiers: [slack] });
    const report = await service.runSlot(SLOT);
    expect(report.claimed).toBe(3);
    const status = await digestStatus(service);
    expect(status).toContain('Inland Revenue → Teams conversation T_OK: pending: this server has no Teams connection to send it');
  });
});

describe('the channel pacer', () => {
  it('spaces messages to one channel and lets another channel through meanwhile', async () => {
    const starts: [string, number][] = [];
    const pacer = new ChannelPacer({ concurrency: 2, intervalMs: () => 60, onError: (err) => { throw err; } });
    const job = (key: string) => async (): Promise<JobStep> => {
      starts.push([key, performance.now()]);
      return { done: true, units: 1 };
    };
    await Promise.all([pacer.add('a', job('a')), pacer.add('a', job('a')), pacer.add('a', job('a')), pacer.add('b', job('b'))]);
    const a = starts.filter(([k]) => k === 'a').map(([, t]) => t);
    expect(a).toHaveLength(3);
    expect(a[1]! - a[0]!).toBeGreaterThanOrEqual(55);
    expect(a[2]! - a[1]!).toBeGreaterThanOrEqual(55);
    // b did not queue behind a's spacing.
    expect(starts.findIndex(([k]) => k === 'b')).toBe(1);
  });

  it('drops queued jobs on close and settles their promises', async () => {
    const pacer = new ChannelPacer({ concurrency: 1, intervalMs: () => 10_000, onError: () => undefined });
    let ran = 0;
    const job = async (): Promise<JobStep> => {
      ran += 1;
      return { done: true, units: 1 };
    };
    const first = pacer.add('a', job);
    const second = pacer.add('a', job);
    await first;
    await pacer.close();
    await second;
    expect(ran).toBe(1);
  });
});

describe('a digest of several pages', () => {
  it('posts each page once, in order, when a later page is rate limited', async () => {
    await f.subscribe('slack', 'C_PLAN', 'all', new Date(SLOT.getTime() - 86_400_000));
    await f.updateEvery(new Date(SLOT.getTime() - 2 * 86_400_000)); // every item listed: several pages
    slack.behave('C_PLAN', { kind: 'rate-limit', times: 1, retryAfterMs: 20, after: 1 });
    const report = await f.service({ clock, notifiers: [slack, teams] }).runSlot(SLOT);
    expect(report.sent).toBe(5);
    const key = `slack:C_PLAN@${SLOT.toISOString()}`;
    const pages = slack.postsTo('C_PLAN');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((p) => p.deliveryKey)).toEqual(pages.map((_, i) => (i === 0 ? key : `${key}/${i + 1}`)));
    expect(pages.map((p) => p.pages[0]!.title)).toEqual(pages.map((_, i) => `TSOC Action Plan digest for the whole plan — 8 Jun 2026 (${i + 1}/${pages.length})`));
    expect(slack.calls.get('C_PLAN')).toBe(pages.length + 1); // one call refused, none repeated
  });
});

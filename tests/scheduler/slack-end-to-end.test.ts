// Digests through the real SlackNotifier to the local recording Slack server:
// three instances, one digest per channel (counted at the server); a crash
// after posting is recovered from Slack's own history (message metadata).
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Notifier } from '../../src/core/notifier.js';
import { createSchedule } from '../../src/scheduler/cron-slots.js';
import { boltLogger } from '../../src/slack/bolt-logger.js';
import { DIGEST_EVENT_TYPE, SlackNotifier } from '../../src/slack/slack-notifier.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { memoryLogger } from '../support/test-env.js';
import { digestFixture, type DigestFixture, type TestClock } from './support/digest-fixture.js';

let slack: FakeSlack;
let notifier: SlackNotifier;
let f: DigestFixture;
// Slack stamps messages with real time, and findPosted looks back from the claim time: use real slots.
const SLOT = createSchedule('0 9 * * 1', 'Pacific/Auckland').latest(new Date())!;

beforeAll(async () => {
  slack = await startFakeSlack();
  // As the Slack surface builds it: rate limits rejected (not queued), no retries inside the client.
  notifier = new SlackNotifier(new webApi.WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: boltLogger(memoryLogger()),
  }));
});
afterAll(() => slack.close());
beforeEach(async () => {
  slack.reset();
  f = await digestFixture('slack_e2e');
  for (const [channel, agency] of [['C0POLICE', 'police'], ['C0CUSTOMS', 'customs'], ['C0PLAN', 'all']] as const) {
    await f.subscribe('slack', channel, agency, new Date(SLOT.getTime() - 86_400_000));
  }
  await f.updateEvery(new Date(SLOT.getTime() - 2 * 86_400_000)); // the whole-plan digest runs to several pages
  return () => f.close();
});

/** Digests the Slack server received per channel (first pages: they carry the plain delivery key). */
function digestsAtSlack(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const call of slack.callsTo('chat.postMessage')) {
    const meta = call.params.metadata as { event_type?: string; event_payload?: { delivery_key?: string } } | undefined;
    if (meta?.event_type !== DIGEST_EVENT_TYPE || /\/\d+$/.test(meta.event_payload!.delivery_key!)) continue; // later pages
    (out[String(call.params.channel)] ??= []).push(meta.event_payload!.delivery_key!);
  }
  return out;
}

describe('digests to Slack', () => {
  it('three instances firing one slot: one digest per channel at the Slack server', async () => {
    const clock: TestClock = { now: new Date(SLOT.getTime() + 1000) };
    const instances = [0, 1, 2].map(() => f.service({ clock, notifiers: [notifier] }));
    await Promise.all(instances.map((s) => s.runSlot(SLOT)));
    const key = (c: string) => `slack:${c}@${SLOT.toISOString()}`;
    expect(digestsAtSlack()).toEqual({ C0POLICE: [key('C0POLICE')], C0CUSTOMS: [key('C0CUSTOMS')], C0PLAN: [key('C0PLAN')] });
    // The whole-plan digest is several pages: every one reached the channel, escaped as Slack text.
    const plan = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0PLAN');
    expect(plan.length).toBeGreaterThan(1);
    expect(String(plan[0]!.params.text)).toContain('TSOC Action Plan digest for the whole plan');
  });

  it('an instance killed after posting: the next one finds the post in Slack and does not post again', async () => {
    // A notifier that posts through Slack and then never returns, as if the process died right there.
    const dying: Notifier = {
      platform: 'slack',
      postDigest: async (channel, pages, key) => {
        await notifier.postDigest(channel, pages, key);
        return new Promise(() => undefined);
      },
      sendDirect: (user, reply) => notifier.sendDirect(user, reply),
    };
    const a = f.service({ clock: { now: new Date(SLOT.getTime() + 1000) }, notifiers: [dying], tuning: { postTimeoutMs: 60_000 } });
    void a.runSlot(SLOT);
    await slack.waitFor(() => Object.keys(digestsAtSlack()).length === 3);

    const b = f.service({ clock: { now: new Date(SLOT.getTime() + 5 * 60_000) }, notifiers: [notifier] });
    const report = await b.catchUp();
    expect(report).toMatchObject({ recovered: 3, sent: 3 });
    expect(Object.values(digestsAtSlack()).map((keys) => keys.length)).toEqual([1, 1, 1]);
    expect(slack.callsTo('conversations.history').length).toBe(3);
  });
});

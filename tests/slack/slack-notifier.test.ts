// The Slack Notifier the scheduler uses: digests tagged with their delivery
// key (found again after a crash), nudges by DM, 429 as RateLimitedError.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { okReply } from '../../src/core/reply.js';
import { RateLimitedError } from '../../src/core/notifier.js';
import { boltLogger } from '../../src/slack/bolt-logger.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { allText, startSlackBot } from '../support/slack-bot.js';
import { memoryLogger } from '../support/test-env.js';

let slack: FakeSlack;
let notifier: SlackNotifier;

beforeAll(async () => {
  slack = await startFakeSlack();
  notifier = new SlackNotifier(new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: boltLogger(memoryLogger()) }));
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const page = (title: string, lines: string[] = []) => okReply(title, [{ lines }]);

describe('SlackNotifier', () => {
  it('posts every page of a digest, the first tagged with the delivery key', async () => {
    const since = new Date(Date.now() - 1000);
    const posted = await notifier.postDigest('C0POLICE', [page('Police digest <!channel>', ['7 on track']), page('Page 2')], 'police:2026-11-30T09:00');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((p) => p.params.channel)).toEqual(['C0POLICE', 'C0POLICE']);
    expect(posts[0]!.params.metadata).toEqual({ event_type: 'tsoc_digest', event_payload: { delivery_key: 'police:2026-11-30T09:00' } });
    expect(posts[1]!.params.metadata).toBeUndefined();
    expect(allText(posts[0]!.params)).not.toContain('<!channel>');
    expect(posted.messageId).toMatch(/^\d+\.\d{6}$/);
    expect(posted.at.getTime()).toBeGreaterThanOrEqual(since.getTime());

    expect(await notifier.findPosted('C0POLICE', 'police:2026-11-30T09:00', since)).toEqual(posted);
    expect(await notifier.findPosted('C0POLICE', 'police:2026-12-07T09:00', since)).toBeUndefined();
    expect(await notifier.findPosted('C0OTHER', 'police:2026-11-30T09:00', since)).toBeUndefined();
  });

  it('turns a 429 into RateLimitedError with Slack’s Retry-After', async () => {
    slack.failures.set('chat.postMessage', { status: 429, retryAfter: 3 });
    const err = await notifier.postDigest('C0BUSY', [page('x')], 'k').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(3000);
  });

  it('sends a nudge as a direct message to the person', async () => {
    await notifier.sendDirect('U0JANE', page('Action 7 has had no update for 14 days'));
    expect(slack.callsTo('chat.postMessage')[0]!.params).toMatchObject({ channel: 'U0JANE', text: 'Action 7 has had no update for 14 days' });
  });

  it('is offered by the Slack surface', async () => {
    const s = await startSlackBot({ slack });
    try {
      expect(s.surface.notifier?.platform).toBe('slack');
    } finally {
      await s.close();
    }
  });
});

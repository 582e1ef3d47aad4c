// How the scheduler reaches Slack (core Notifier): digests posted to a
// channel, tagged with their delivery key in message metadata so that after a
// crash findPosted can tell whether a digest already went out; nudges as
// direct messages. A 429 becomes RateLimitedError for that channel alone.
import type { webApi } from '@slack/bolt';
import type { Notifier, PostedMessage } from '../core/notifier.js';
import { RateLimitedError } from '../core/notifier.js';
import type { Reply } from '../core/reply.js';
import { LITERAL } from './run-slack-command.js';
import { renderReply, type SlackMessage } from './render-reply.js';

export const DIGEST_EVENT_TYPE = 'tsoc_digest';

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { delivery_key?: string } };
}

function rateLimited(err: unknown): RateLimitedError | undefined {
  const e = err as { code?: string; retryAfter?: number };
  return e?.code === 'slack_webapi_rate_limited_error' ? new RateLimitedError((e.retryAfter ?? 1) * 1000) : undefined;
}

const tsToDate = (ts: string) => new Date(Math.round(Number(ts) * 1000));

export class SlackNotifier implements Notifier {
  readonly platform = 'slack' as const;

  /** `client` should reject rate-limited calls (rejectRateLimitedCalls) so one channel's 429 blocks nothing else. */
  constructor(private readonly client: webApi.WebClient) {}

  private async post(channel: string, message: SlackMessage, metadata?: { event_type: string; event_payload: Record<string, string> }): Promise<PostedMessage> {
    try {
      const res = await this.client.chat.postMessage({ channel, ...message, ...LITERAL, ...(metadata ? { metadata } : {}) });
      const ts = res.ts ?? '';
      return { messageId: ts, at: ts ? tsToDate(ts) : new Date() };
    } catch (err) {
      throw rateLimited(err) ?? err;
    }
  }

  async postDigest(channelId: string, pages: Reply[], deliveryKey: string): Promise<PostedMessage> {
    const messages = pages.flatMap((page) => renderReply(page));
    if (messages.length === 0) throw new Error('a digest needs at least one page');
    // The first message carries the key: finding it means the digest went out.
    const first = await this.post(channelId, messages[0]!, { event_type: DIGEST_EVENT_TYPE, event_payload: { delivery_key: deliveryKey } });
    for (const m of messages.slice(1)) await this.post(channelId, m);
    return first;
  }

  async findPosted(channelId: string, deliveryKey: string, since: Date): Promise<PostedMessage | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      let res;
      try {
        res = await this.client.conversations.history({
          channel: channelId,
          oldest: (since.getTime() / 1000 - 60).toFixed(6), // a minute's slack for clock skew
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
      } catch (err) {
        throw rateLimited(err) ?? err;
      }
      const found = (res.messages as HistoryMessage[] | undefined)?.find(
        (m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.delivery_key === deliveryKey,
      );
      if (found?.ts) return { messageId: found.ts, at: tsToDate(found.ts) };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  async sendDirect(userId: string, reply: Reply): Promise<PostedMessage> {
    // A user id as the channel posts in the person's DM with the app (its Messages tab).
    const [first, ...rest] = renderReply(reply);
    const posted = await this.post(userId, first!);
    for (const m of rest) await this.post(userId, m);
    return posted;
  }
}

// How the scheduler delivers digests and nudges: each platform implements it.
import type { ChatPlatform } from './identity.js';
import type { Reply } from './reply.js';

export interface PostedMessage {
  /** The platform's id of the (first) message posted: Slack ts, Teams activity id. */
  messageId: string;
  at: Date;
}

export interface Notifier {
  platform: ChatPlatform;
  /**
   * Posts a digest to a channel (Slack channel id; Teams conversation id with a stored reference).
   * `deliveryKey` identifies the (subscription, slot) claim: the platform attaches it to the message
   * where it can (Slack message metadata) so that `findPosted` can tell, after a crash, that it went out.
   */
  postDigest(channelId: string, pages: Reply[], deliveryKey: string): Promise<PostedMessage>;
  /** A message already posted with this key since `since`, if the platform can tell; undefined if none or unknown. */
  findPosted?(channelId: string, deliveryKey: string, since: Date): Promise<PostedMessage | undefined>;
  /** A direct message to one person (nudges). */
  sendDirect(userId: string, reply: Reply): Promise<PostedMessage>;
}

/** A platform's answer that it is rate-limited; the scheduler waits `retryAfterMs` for that channel only. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(readonly retryAfterMs: number, message = `rate limited; retry after ${retryAfterMs} ms`) {
    super(message);
  }
}

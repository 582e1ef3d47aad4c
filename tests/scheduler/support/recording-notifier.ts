// Stands in for the remote platform in scheduler tests: records every post and
// direct message, and can be told to make a channel fail, rate-limit, hang
// after posting (a process killed mid-post), or throw after posting.
// `findable: false` behaves like a platform that cannot look a post up (Teams).
import type { Notifier, PostedMessage } from '../../../src/core/notifier.js';
import { RateLimitedError } from '../../../src/core/notifier.js';
import type { Reply } from '../../../src/core/reply.js';

export interface RecordedPost {
  channelId: string;
  pages: Reply[];
  deliveryKey: string;
  messageId: string;
  at: Date;
}

export interface RecordedDirect {
  userId: string;
  reply: Reply;
  at: Date;
}

/** `after`: let that many calls to the channel through first (e.g. 1 = misbehave from page 2 on). */
export type Behaviour = { after?: number } & (
  | { kind: 'fail'; times: number; error?: string }
  | { kind: 'rate-limit'; times: number; retryAfterMs: number }
  | { kind: 'post-then-hang' }
  | { kind: 'post-then-throw'; times: number }
);

export interface RecordingNotifier extends Notifier {
  posts: RecordedPost[];
  directs: RecordedDirect[];
  /** Calls to postDigest per channel (failed ones included). */
  calls: Map<string, number>;
  behave(channelId: string, behaviour: Behaviour): void;
  postsTo(channelId: string): RecordedPost[];
  /** First pages only: one per digest (later pages carry `${key}/2`, `/3`, …). */
  digests(): RecordedPost[];
  /** Resolves once `probe` is truthy (polls every 10 ms, up to `ms`). */
  waitFor(probe: () => boolean, ms?: number): Promise<void>;
}

export function recordingNotifier(platform: 'slack' | 'teams', options: { findable?: boolean; now?: () => Date } = {}): RecordingNotifier {
  const now = options.now ?? (() => new Date());
  const behaviours = new Map<string, Behaviour>();
  const posts: RecordedPost[] = [];
  const calls = new Map<string, number>();
  let seq = 0;

  const record = (channelId: string, pages: Reply[], deliveryKey: string): PostedMessage => {
    const post = { channelId, pages, deliveryKey, messageId: `${platform}-${++seq}`, at: now() };
    posts.push(post);
    return { messageId: post.messageId, at: post.at };
  };

  const notifier: RecordingNotifier = {
    platform,
    posts,
    directs: [],
    calls,
    behave: (channelId, behaviour) => void behaviours.set(channelId, behaviour),
    postsTo: (channelId) => posts.filter((p) => p.channelId === channelId),
    digests: () => posts.filter((p) => !/\/\d+$/.test(p.deliveryKey)),
    async waitFor(probe, ms = 5000) {
      const until = Date.now() + ms;
      while (!probe()) {
        if (Date.now() > until) throw new Error('timed out waiting for the notifier');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async postDigest(channelId, pages, deliveryKey) {
      calls.set(channelId, (calls.get(channelId) ?? 0) + 1);
      const rule = behaviours.get(channelId);
      const b = rule && (rule.after ?? 0) < calls.get(channelId)! ? rule : undefined;
      if (b?.kind === 'fail' && b.times > 0) {
        b.times -= 1;
        throw new Error(b.error ?? 'channel_not_found');
      }
      if (b?.kind === 'rate-limit' && b.times > 0) {
        b.times -= 1;
        throw new RateLimitedError(b.retryAfterMs);
      }
      if (b?.kind === 'post-then-hang') {
        record(channelId, pages, deliveryKey);
        return new Promise<PostedMessage>(() => undefined); // the process "died" here
      }
      if (b?.kind === 'post-then-throw' && b.times > 0) {
        b.times -= 1;
        record(channelId, pages, deliveryKey);
        throw new Error('socket hang up');
      }
      return record(channelId, pages, deliveryKey);
    },
    async sendDirect(userId, reply) {
      const at = now();
      notifier.directs.push({ userId, reply, at });
      return { messageId: `${platform}-dm-${++seq}`, at };
    },
  };
  if (options.findable ?? platform === 'slack') {
    notifier.findPosted = async (channelId, deliveryKey, since) => {
      const post = posts.find((p) => p.channelId === channelId && p.deliveryKey === deliveryKey && p.at.getTime() >= since.getTime());
      return post ? { messageId: post.messageId, at: post.at } : undefined;
    };
  }
  return notifier;
}

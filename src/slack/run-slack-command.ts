// From Slack text and user to the engine's Reply, and from a saved update to
// the channel's announcement. Shared by the slash command, messages and the modal.
import type { RespondFn } from '@slack/bolt';
import type { Reply, UpdateEvent } from '../core/reply.js';
import { runForPerson, type PlatformWords } from '../core/run-command.js';
import type { SlackContext } from './context.js';
import { renderAnnouncement, type SlackMessage } from './render-reply.js';

export interface SlackRequest {
  text: string;
  userId: string;
  /** Slack's user name from the payload, used when users.info gives no name. */
  userName?: string;
  /** Stable per Slack request (trigger id, event id, view id): retries and replays share it. */
  key: string;
  channelId?: string;
}

/** How Slack's side of the run policy (src/core/run-command.ts) is worded. */
const SLACK_WORDS: PlatformWords = {
  platform: 'slack',
  name: 'Slack',
  // An email Slack has not confirmed gives no agency.
  withheldBecause: ", so I can't tell which agency you belong to",
  withheldAdvice: 'Confirm your email address in Slack, then try again in a few minutes.',
};

/** Runs a command for a Slack user; never throws. */
export function runSlackCommand(ctx: SlackContext, req: SlackRequest): Promise<Reply> {
  return runForPerson(ctx.engine, () => ctx.users.identity(req.userId, req.userName), req.text, {
    request: { key: req.key, platform: 'slack', ...(req.channelId ? { channelId: req.channelId } : {}) },
    lookupEmail: (mention) => ctx.users.emailOfMention(mention),
    words: SLACK_WORDS,
  }, ctx.logger);
}

/** Chat messages never expand links or names: what people typed stays literal. */
export const LITERAL = { unfurl_links: false, unfurl_media: false, link_names: false, parse: 'none' } as const;

/**
 * Tells the channel about a saved update ("Jane Smith (Police) set 7 to On track — Team recruited").
 * chat.postMessage first; when that fails (bot not in the channel, rate limited, Slack down) the
 * response_url posts it in the channel instead. A failure here never undoes or hides the save.
 */
export async function announce(ctx: SlackContext, event: UpdateEvent, channelId: string | undefined, respond?: RespondFn): Promise<void> {
  if (event.duplicate) return;
  const message = renderAnnouncement(event);
  if (channelId) {
    try {
      await ctx.announcer.chat.postMessage({ channel: channelId, ...message, ...LITERAL });
      return;
    } catch (err) {
      ctx.logger.warn('slack announcement failed', { channel: channelId, item: event.itemId, error: err });
    }
  }
  if (!respond) return;
  try {
    await respond({ response_type: 'in_channel', replace_original: false, ...message });
  } catch (err) {
    ctx.logger.warn('slack announcement through response_url failed', { item: event.itemId, error: err });
  }
}

/** Sends messages through a response_url (at most `max`, as Slack allows 5 uses); logs failures. */
export async function respondAll(ctx: SlackContext, respond: RespondFn, messages: SlackMessage[], max = 4): Promise<void> {
  for (const m of messages.slice(0, max)) {
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, ...m });
    } catch (err) {
      ctx.logger.warn('slack response_url failed', { error: err });
      return;
    }
  }
}

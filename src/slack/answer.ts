// From Slack text and user to the engine's Reply, and from a saved update to
// the channel's announcement. Shared by the slash command, messages and the modal.
import type { RespondFn } from '@slack/bolt';
import { isWriteCommand, parseCommand } from '../core/parse-command.js';
import { failureReply, type Reply, type UpdateEvent } from '../core/reply.js';
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

/** Runs a command for a Slack user; never throws. */
export async function answer(ctx: SlackContext, req: SlackRequest): Promise<Reply> {
  try {
    const identity = await ctx.users.identity(req.userId, req.userName);
    // A person Slack could not identify just now is told to retry a write, not refused.
    if (identity.lookupFailed && isWriteCommand(parseCommand(req.text))) {
      return failureReply('unavailable', `Slack did not tell me who you are just now, so nothing was saved.`, 'Please send the same command again in a minute.');
    }
    // An email Slack has not confirmed gives no agency: look-ups only, and the person hears why.
    if (identity.emailWithheld && isWriteCommand(parseCommand(req.text))) {
      return failureReply('not-permitted', `I can only look things up for you: ${identity.emailWithheld}, so I can't tell which agency you belong to.`,
        'Nothing was saved. Confirm your email address in Slack, then try again in a few minutes.');
    }
    const { lookupFailed: _ignored, emailWithheld: _withheld, ...who } = identity;
    return await ctx.engine.run(req.text, who, {
      request: { key: req.key, platform: 'slack', ...(req.channelId ? { channelId: req.channelId } : {}) },
      lookupEmail: (mention) => ctx.users.emailOfMention(mention),
    });
  } catch (err) {
    ctx.logger.error('slack command failed', { key: req.key, error: err });
    return failureReply('unavailable', 'Something went wrong on my side while answering that.',
      'If it was an update, check with `status <action>` before sending it again.');
  }
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

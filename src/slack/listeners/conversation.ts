// Direct messages and @mentions: the same grammar in plain words, answered in
// the conversation (or the thread it was asked in). Each event is claimed
// once, so Slack's retries and replays never answer or update twice.
import type { App } from '@slack/bolt';
import { keptPrivate } from '../../core/commands/board.js';
import { runSlackCommand, LITERAL } from '../run-slack-command.js';
import type { SlackContext } from '../context.js';
import { unescapeSlackText } from '../mrkdwn.js';
import { renderReply } from '../render-reply.js';
import { registerSendCommand } from './send-command.js';

export interface ConversationMessage {
  eventId: string;
  text: string;
  userId: string;
  channelId: string;
  /** Reply in this thread; undefined answers in the conversation itself. */
  threadTs?: string;
}

/** Removes mentions of the bot itself ("<@U0BOT> who coordinates 13b"). */
export function stripBotMention(text: string, botUserId: string): string {
  return text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>[\\s:,]*`, 'g'), ' ').trim();
}

export async function handleConversationMessage(ctx: SlackContext, msg: ConversationMessage): Promise<void> {
  const key = `slack:event:${msg.eventId}`;
  if ((await ctx.claims.claim(key)) === 'duplicate') {
    ctx.logger.info('slack event already handled', { event: msg.eventId });
    return;
  }
  const reply = await runSlackCommand(ctx, {
    text: unescapeSlackText(stripBotMention(msg.text, ctx.botUserId)),
    userId: msg.userId,
    key,
    channelId: msg.channelId,
  });
  // A private answer (a sign-in link) goes only into a direct message (D…), never a channel.
  const shown = reply.private && !msg.channelId.startsWith('D') ? keptPrivate() : reply;
  for (const m of renderReply(shown).slice(0, 5)) {
    try {
      await ctx.api.chat.postMessage({ channel: msg.channelId, ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}), ...m, ...LITERAL });
    } catch (err) {
      ctx.logger.warn('slack reply failed', { channel: msg.channelId, event: msg.eventId, error: err });
      return;
    }
  }
}

interface MessageLike {
  type: string;
  subtype?: string;
  channel_type?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
}

export function registerConversation(app: App, ctx: SlackContext): void {
  // Replies in conversations (and to /tsoc) may suggest a corrected command with a button that sends it.
  registerSendCommand(app, ctx);
  app.event('app_mention', async ({ event, body }) => {
    if (!event.user || event.bot_id) return;
    await handleConversationMessage(ctx, {
      eventId: body.event_id,
      text: typeof event.text === 'string' ? event.text : '',
      userId: event.user,
      channelId: event.channel,
      threadTs: event.thread_ts ?? event.ts,
    });
  });
  app.message(async ({ message, body }) => {
    const m = message as MessageLike;
    // Only people's own new messages in a DM with the bot (edits, joins and bots have a subtype or bot_id).
    if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user || m.user === ctx.botUserId) return;
    await handleConversationMessage(ctx, {
      eventId: body.event_id,
      text: typeof m.text === 'string' ? m.text : '',
      userId: m.user,
      channelId: m.channel,
      ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
    });
  });
}

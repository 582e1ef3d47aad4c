// A typed message (personal chat, group chat, or a channel @mention): the
// text, mentions stripped, runs the engine; the reply is an Adaptive Card.
// `digest preview` is for the person asking only: outside a personal chat it
// goes to their personal chat, and the conversation is told so in one line.
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { parseCommand } from '../../core/parse-command.js';
import type { Reply } from '../../core/reply.js';
import { runTeamsCommand } from '../run-teams-command.js';
import type { TeamsContext } from '../context.js';
import { commandText } from '../mentions.js';
import { previewNeedsPersonalChat, previewSentPrivately } from '../replies.js';
import { sendReply } from '../send-reply.js';
import { rememberConversation } from './remember-conversation.js';

/** Teams re-sends an unanswered message with the same activity id: the key makes the re-send one request. */
export function messageKey(turn: TurnContext): string {
  const a = turn.activity;
  return a.id ? `teams:${a.conversation.id}:${a.id}` : `teams:${randomUUID()}`;
}

export async function onMessage(ctx: TeamsContext, turn: TurnContext): Promise<void> {
  const text = commandText(turn.activity);
  const reply = await runTeamsCommand(ctx, turn, { text, key: messageKey(turn) });
  const shared = turn.activity.conversation.conversationType !== 'personal';
  if (shared && reply.ok && parseCommand(text).kind === 'digest-preview') await sendPrivately(ctx, turn, reply);
  else await sendReply(ctx, turn, reply);
  await rememberConversation(ctx, turn);
}

/** The preview to the person's personal chat; here, one line saying so (or how to ask there). */
async function sendPrivately(ctx: TeamsContext, turn: TurnContext, preview: Reply): Promise<void> {
  const from = turn.activity.from;
  try {
    if (!ctx.direct) throw new Error('no way to reach a personal chat');
    await ctx.direct(from.id, preview);
  } catch (err) {
    // Typically 403: the person has not installed the app for themselves, so no chat can be opened.
    ctx.logger.info('teams digest preview: no personal chat', { user: from.id, error: err });
    await sendReply(ctx, turn, previewNeedsPersonalChat());
    return;
  }
  await sendReply(ctx, turn, previewSentPrivately(from.name || 'Done'));
}

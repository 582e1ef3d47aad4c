// A typed message (personal chat, group chat, or a channel @mention): the
// text, mentions stripped, runs the engine; the reply is an Adaptive Card.
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { answer } from '../answer.js';
import type { TeamsContext } from '../context.js';
import { commandText } from '../mentions.js';
import { sendReply } from '../send-reply.js';
import { rememberConversation } from './remember-conversation.js';

/** Teams re-sends an unanswered message with the same activity id: the key makes the re-send one request. */
export function messageKey(turn: TurnContext): string {
  const a = turn.activity;
  return a.id ? `teams:${a.conversation.id}:${a.id}` : `teams:${randomUUID()}`;
}

export async function onMessage(ctx: TeamsContext, turn: TurnContext): Promise<void> {
  const reply = await answer(ctx, turn, { text: commandText(turn.activity), key: messageKey(turn) });
  await sendReply(ctx, turn, reply);
  await rememberConversation(ctx, turn);
}

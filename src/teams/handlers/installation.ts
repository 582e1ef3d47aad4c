// The bot added to a team, group chat or personal chat: store the
// conversation reference (digests go there later) and say what to type.
// Teams sends both conversationUpdate (membersAdded with the bot) and
// installationUpdate for one installation: conversationUpdate welcomes, installationUpdate
// only stores (and records a removal).
import type { TurnContext } from 'botbuilder';
import type { TeamsContext } from '../context.js';
import { welcomeReply } from '../replies.js';
import { sendReply } from '../send-reply.js';
import { rememberConversation } from './remember-conversation.js';

export function botWasAdded(turn: TurnContext): boolean {
  const botId = turn.activity.recipient?.id;
  return Boolean(botId) && (turn.activity.membersAdded ?? []).some((m) => m.id === botId);
}

export async function onMembersAdded(ctx: TeamsContext, turn: TurnContext): Promise<void> {
  if (!botWasAdded(turn)) return; // people joining a team the bot is in: nothing to say
  await rememberConversation(ctx, turn, { installed: true });
  const scope = turn.activity.conversation.conversationType === 'personal' ? 'personal' : 'shared';
  await sendReply(ctx, turn, welcomeReply(scope));
}

export async function onInstallationUpdate(ctx: TeamsContext, turn: TurnContext): Promise<void> {
  const action = String(turn.activity.action ?? '');
  if (action.startsWith('remove')) {
    try {
      await ctx.conversations.markRemoved(turn.activity.conversation.id, ctx.now());
    } catch (err) {
      ctx.logger.warn('teams removal not recorded', { conversation: turn.activity.conversation.id, error: err });
    }
    return;
  }
  await rememberConversation(ctx, turn, { installed: true });
}

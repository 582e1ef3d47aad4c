// Keeps the conversation reference the digests and nudges need. Installation
// events store it; a message stores it too, once per conversation per process,
// so a team where the bot was added before this existed still gets digests.
import { TurnContext } from 'botbuilder';
import type { TeamsContext } from '../context.js';
import { conversationKey } from '../conversation-port.js';

export async function rememberConversation(ctx: TeamsContext, turn: TurnContext, options: { installed?: boolean } = {}): Promise<boolean> {
  const activity = turn.activity;
  if (!activity.conversation?.id) return false;
  const conversationId = conversationKey(activity.conversation.id); // one reference per channel
  const known = ctx.knownConversations;
  if (!options.installed && known.has(conversationId)) return true;
  const personal = activity.conversation.conversationType === 'personal';
  const userIds = personal ? [activity.from?.id, activity.from?.aadObjectId].filter((id): id is string => Boolean(id)) : [];
  try {
    await ctx.conversations.save(TurnContext.getConversationReference(activity), { userIds, ...(options.installed ? { installed: true } : {}), at: ctx.now() });
    known.add(conversationId);
    return true;
  } catch (err) {
    // The answer matters more than the directory: it is stored on a later message or event.
    ctx.logger.warn('teams conversation reference not stored', { conversation: conversationId, error: err });
    return false;
  }
}

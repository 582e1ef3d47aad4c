// From a Teams user and command text to the engine's Reply. Shared by typed
// messages and the update form; never throws.
import type { TurnContext } from 'botbuilder';
import type { Identity } from '../core/identity.js';
import { isWriteCommand, parseCommand } from '../core/parse-command.js';
import { keptPrivate } from '../core/commands/board.js';
import { failureReply, type Reply } from '../core/reply.js';
import type { TeamsContext } from './context.js';
import { conversationKey } from './conversation-store.js';
import { mentionedUserId } from './mentions.js';

export interface TeamsRequest {
  text: string;
  /** Stable per request: Teams' re-send of a message, or a second submit of the same card, shares it. */
  key: string;
}

/** The sender as the engine sees them: AAD object id (else the Teams id), name, and email from the member list. */
export async function identify(ctx: TeamsContext, turn: TurnContext): Promise<Identity & { lookupFailed?: boolean; emailWithheld?: string }> {
  const from = turn.activity.from;
  const member = await ctx.members.member(turn, from.id);
  const userId = from.aadObjectId || from.id;
  return {
    platform: 'teams',
    userId,
    displayName: member.displayName || from.name || userId,
    ...(member.email ? { email: member.email } : {}),
    ...(member.lookupFailed ? { lookupFailed: true } : {}),
    ...(member.emailWithheld ? { emailWithheld: member.emailWithheld } : {}),
  };
}

export async function answer(ctx: TeamsContext, turn: TurnContext, req: TeamsRequest): Promise<Reply> {
  try {
    const identity = await identify(ctx, turn);
    // A person Teams could not identify just now is told to retry a write, not refused.
    if (identity.lookupFailed && isWriteCommand(parseCommand(req.text))) {
      return failureReply('unavailable', 'Teams did not tell me who you are just now, so nothing was saved.', 'Please send the same command again in a minute.');
    }
    // An email the bot does not take this tenant's word for gives no agency: look-ups only, and the person hears why.
    if (identity.emailWithheld && isWriteCommand(parseCommand(req.text))) {
      return failureReply('not-permitted', `I can only look things up for you: ${identity.emailWithheld}.`,
        'Nothing was saved. If your organisation should be able to update the plan, ask the bot’s operators to bind its email domain to your Teams tenant.');
    }
    const { lookupFailed: _ignored, emailWithheld: _withheld, ...who } = identity;
    const reply = await ctx.engine.run(req.text, who, {
      // A channel is one conversation for subscriptions, whichever post or thread this came from.
      request: { key: req.key, platform: 'teams', channelId: conversationKey(turn.activity.conversation.id) },
      lookupEmail: async (mention) => {
        const id = mentionedUserId(mention);
        return id ? (await ctx.members.member(turn, id)).email : undefined;
      },
    });
    // A private answer (a sign-in link) goes only into a personal chat, never a group chat or channel.
    return reply.private && turn.activity.conversation.conversationType !== 'personal' ? keptPrivate() : reply;
  } catch (err) {
    ctx.logger.error('teams command failed', { key: req.key, error: err });
    return failureReply('unavailable', 'Something went wrong on my side while answering that.',
      'If it was an update, check with `status <action>` before sending it again.');
  }
}

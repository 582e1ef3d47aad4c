// From a Teams user and command text to the engine's Reply, through the core's
// run policy. Shared by typed messages and the update form; never throws.
import type { TurnContext } from 'botbuilder';
import { keptPrivate } from '../core/commands/board.js';
import type { Reply } from '../core/reply.js';
import { runForPerson, type LookedUpIdentity, type PlatformWords } from '../core/run-command.js';
import type { TeamsContext } from './context.js';
import { conversationKey } from './conversation-port.js';
import { mentionedUserId } from './mentions.js';

export interface TeamsRequest {
  text: string;
  /** Stable per request: Teams' re-send of a message, or a second submit of the same card, shares it. */
  key: string;
}

/** The sender as the engine sees them: AAD object id (else the Teams id), name, and email from the member list. */
export async function identify(ctx: TeamsContext, turn: TurnContext): Promise<LookedUpIdentity> {
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

/** How Teams' side of the run policy (src/core/run-command.ts) is worded. */
const TEAMS_WORDS: PlatformWords = {
  platform: 'teams',
  name: 'Teams',
  // An email the bot does not take this tenant's word for gives no agency.
  withheldBecause: '',
  withheldAdvice: 'If your organisation should be able to update the plan, ask the bot’s operators to bind its email domain to your Teams tenant.',
};

/** Runs a command for the sender of `turn`; never throws. */
export async function runTeamsCommand(ctx: TeamsContext, turn: TurnContext, req: TeamsRequest): Promise<Reply> {
  const reply = await runForPerson(ctx.engine, () => identify(ctx, turn), req.text, {
    // A channel is one conversation for subscriptions, whichever post or thread this came from.
    request: { key: req.key, platform: 'teams', channelId: conversationKey(turn.activity.conversation.id) },
    lookupEmail: async (mention) => {
      const id = mentionedUserId(mention);
      return id ? (await ctx.members.member(turn, id)).email : undefined;
    },
    words: TEAMS_WORDS,
  }, ctx.logger);
  // A private answer (a sign-in link) goes only into a personal chat, never a group chat or channel.
  return reply.private && turn.activity.conversation.conversationType !== 'personal' ? keptPrivate() : reply;
}

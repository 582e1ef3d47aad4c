// `board`: a single-use link that signs the asker in to the web board. The
// link is only issued to someone the bot can name (a verified email, or the
// local steward at a terminal), because the board shows who they are and what
// they may do. How links are made and kept is the board module's business.
import type { Actor } from '../identity.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { formatDateTime } from '../time.js';
import type { CommandContext } from './context.js';

export interface BoardLinks {
  /** A fresh single-use sign-in link for this person. */
  issue(actor: Actor, now: Date): Promise<{ url: string; expiresAt: Date }>;
}

export async function board(ctx: CommandContext, links: BoardLinks | undefined): Promise<Reply> {
  if (!links) return failureReply('unknown-command', 'The web board is not available here.', 'Ask the running bot (Slack or Teams) for `board`.');
  const actor = await ctx.actor();
  if (!actor.email && !actor.steward) {
    return failureReply('no-identity', 'I cannot tell who you are, so I cannot sign you in to the board.',
      'The board needs the verified email your chat account has; ask your administrator to add one.');
  }
  const link = await links.issue(actor, ctx.now);
  const reply = okReply('Your sign-in link for the TSOC status board', [{
    lines: [
      link.url,
      `It works once, until ${formatDateTime(link.expiresAt, ctx.timeZone)} (15 minutes). Open it and press Continue.`,
      'It signs in as you: do not forward it.',
    ],
  }]);
  return { ...reply, private: true };
}

/** What a shared channel or group chat sees instead of a private okReply (a sign-in link). */
export function keptPrivate(): Reply {
  return failureReply('not-permitted', 'I only send sign-in links privately, so nobody else can use yours.',
    'Ask with `/tsoc board` in Slack (only you see the answer), or send `board` to me in a direct message or a Teams personal chat.');
}

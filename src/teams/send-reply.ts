// Sends a Reply as Adaptive Cards into the turn's conversation, retrying a
// throttled connector within a budget. A reply that still cannot be delivered
// is logged, not thrown: the turn (and the HTTP request) ends normally.
import type { ResourceResponse, TurnContext } from 'botbuilder';
import type { Reply } from '../core/reply.js';
import { cardAttachment, type AdaptiveCard } from './adaptive-card.js';
import { identify } from './run-teams-command.js';
import { forViewer, isShared, renderOptions } from './card-options.js';
import type { TeamsContext } from './context.js';
import { renderReply } from './render-card.js';
import { httpStatusOf, retryThrottled } from './throttle.js';

/** Teams allows about 7 messages a second per conversation; a long reply's cards are spaced out. */
export const CARD_SPACING_MS = 200;

export function cardMessage(card: AdaptiveCard) {
  return { type: 'message' as const, attachments: [cardAttachment(card)] };
}

/** The reply as this conversation should see it: in a personal chat, forms only for what the person may update. */
async function shaped(ctx: TeamsContext, turn: TurnContext, reply: Reply): Promise<Reply> {
  if (isShared(turn) || !reply.actions.length) return reply;
  return forViewer(reply, ctx.engine.plan, async () => {
    const { lookupFailed: _ignored, ...who } = await identify(ctx, turn);
    return ctx.engine.actor(who);
  });
}

export async function sendReply(ctx: TeamsContext, turn: TurnContext, reply: Reply): Promise<boolean> {
  const cards = renderReply(await shaped(ctx, turn, reply), renderOptions(ctx.engine.plan, ctx.newCardId(), isShared(turn)));
  for (const [i, card] of cards.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, CARD_SPACING_MS));
    try {
      await retryThrottled<ResourceResponse | undefined>(() => turn.sendActivity(cardMessage(card)), ctx.retry);
    } catch (err) {
      ctx.logger.error('teams reply not delivered', {
        conversation: turn.activity.conversation?.id, status: httpStatusOf(err), card: i + 1, of: cards.length, error: err,
      });
      return false;
    }
  }
  return true;
}

/** Replaces the card a form was submitted from; false when Teams would not (the caller then sends a new card). */
export async function replaceCard(ctx: TeamsContext, turn: TurnContext, activityId: string, reply: Reply): Promise<boolean> {
  const [card, ...more] = renderReply(reply, renderOptions(ctx.engine.plan, ctx.newCardId(), isShared(turn)));
  if (!card || more.length > 0) return false;
  try {
    await retryThrottled(() => turn.updateActivity({ ...cardMessage(card), id: activityId }), ctx.retry);
    return true;
  } catch (err) {
    ctx.logger.warn('teams card update failed; answering with a new card', { conversation: turn.activity.conversation?.id, status: httpStatusOf(err), error: err });
    return false;
  }
}

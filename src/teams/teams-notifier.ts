// How the scheduler reaches Teams: digests into a stored conversation
// (continueConversation with its reference and serviceUrl), nudges into a
// person's personal chat (created through the connector when the bot has none
// with them yet). A throttled connector becomes RateLimitedError with its
// Retry-After, so the scheduler waits for that conversation only.
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { TurnContext, type ConversationParameters, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { Logger } from '../core/logger.js';
import { RateLimitedError, type Notifier, type PostedMessage } from '../core/notifier.js';
import type { Plan } from '../core/plan/plan.js';
import type { Reply } from '../core/reply.js';
import { renderOptions } from './card-options.js';
import { CHANNEL_AUDIENCE } from './adapter.js';
import type { ConversationPort } from './conversation-port.js';
import { renderReply } from './render-card.js';
import { CARD_SPACING_MS, cardMessage } from './send-reply.js';
import { httpStatusOf, retryAfterMsOf } from './throttle.js';

export interface TeamsNotifierOptions {
  adapter: TeamsAdapter;
  /** TEAMS_APP_ID; empty in local mode. */
  botAppId: string;
  conversations: ConversationPort;
  logger: Logger;
  newCardId: () => string;
  now: () => Date;
  spacingMs?: number;
  /** For the update forms: item titles and who may save. */
  plan?: Plan;
}

/** What a failed connector call means to the scheduler. */
export function asNotifierError(err: unknown): unknown {
  if (httpStatusOf(err) !== 429) return err;
  return new RateLimitedError(retryAfterMsOf(err) ?? 1000);
}

export class TeamsNotifier implements Notifier {
  readonly platform = 'teams' as const;

  constructor(private readonly options: TeamsNotifierOptions) {}

  async postDigest(channelId: string, pages: Reply[], _deliveryKey: string): Promise<PostedMessage> {
    // Teams keeps no searchable message metadata for bots, so the key is not attached (no findPosted).
    const stored = await this.options.conversations.find(channelId);
    if (!stored || stored.removedAt) throw new Error(`The bot is not installed in Teams conversation ${channelId} (no stored conversation reference).`);
    return this.post(stored.reference, pages);
  }

  async sendDirect(userId: string, reply: Reply): Promise<PostedMessage> {
    const personal = await this.options.conversations.findPersonal(userId);
    if (personal) return this.post(personal.reference, [reply]);
    return this.openChatAndPost(userId, reply);
  }

  /** Sends pages in order through a continued conversation; errors come out of the turn, not into onTurnError. */
  private async post(reference: Partial<ConversationReference>, pages: Reply[]): Promise<PostedMessage> {
    let first: string | undefined;
    let failed: unknown;
    try {
      await this.options.adapter.continueConversationAsync(this.options.botAppId, reference, async (turn) => {
        try {
          first = await this.sendPages(turn, pages);
        } catch (err) {
          failed = err;
        }
      });
    } catch (err) {
      failed ??= err;
    }
    if (failed !== undefined) throw asNotifierError(failed);
    return { messageId: first ?? '', at: this.options.now() };
  }

  private async sendPages(turn: TurnContext, pages: Reply[]): Promise<string | undefined> {
    let first: string | undefined;
    let sent = 0;
    for (const page of pages) {
      const shared = turn.activity.conversation?.conversationType !== 'personal';
      const options = this.options.plan ? renderOptions(this.options.plan, this.options.newCardId(), shared) : { cardId: this.options.newCardId(), shared };
      for (const card of renderReply(page, options)) {
        if (sent > 0) await new Promise((r) => setTimeout(r, this.options.spacingMs ?? CARD_SPACING_MS));
        // A new message in the conversation (sendToConversation), not a reply to the continuation event.
        const activity = TurnContext.applyConversationReference(cardMessage(card), TurnContext.getConversationReference(turn.activity));
        delete activity.replyToId;
        const [res]: ResourceResponse[] = await turn.adapter.sendActivities(turn, [activity]);
        first ??= res?.id;
        sent += 1;
      }
    }
    return first;
  }

  /** Creates the 1:1 chat (the user's tenant and serviceUrl come from a conversation the bot already has), then posts. */
  private async openChatAndPost(userId: string, reply: Reply): Promise<PostedMessage> {
    const known = await this.options.conversations.latest();
    const serviceUrl = known?.reference.serviceUrl;
    const tenantId = known?.tenantId;
    if (!known || !serviceUrl) throw new Error('No Teams conversation is known yet, so there is no way to reach Teams to open a chat.');
    let conversationId: string | undefined;
    try {
      await this.options.adapter.createConversationAsync(this.options.botAppId, 'msteams', serviceUrl, CHANNEL_AUDIENCE, {
        isGroup: false,
        bot: known.reference.bot ?? { id: this.options.botAppId, name: 'TSOC' },
        members: [{ id: userId, name: '' }],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      } as ConversationParameters, async (turn) => { // the type also demands `activity`: the first message is sent below instead
        conversationId = turn.activity.conversation.id;
      });
    } catch (err) {
      throw asNotifierError(err);
    }
    if (!conversationId) throw new Error(`Teams did not open a chat with ${userId}.`);
    // Sent as a new message in the chat (a reference without an activity id), not as a reply.
    const reference: Partial<ConversationReference> = {
      ...known.reference,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '', ...(tenantId ? { tenantId } : {}) },
      user: { id: userId, name: '' },
    };
    try {
      await this.options.conversations.save(reference, { userIds: [userId], installed: true, at: this.options.now() });
    } catch (err) {
      // The nudge still goes out; the chat is created again next time.
      this.options.logger.warn('teams personal chat not stored', { user: userId, error: err });
    }
    return this.post(reference, [reply]);
  }
}

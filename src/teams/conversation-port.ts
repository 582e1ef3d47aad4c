// Where the bot may post without being asked (digests, nudges): the Bot
// Framework conversation reference of each team, chat and personal chat it is
// in. The surface sees only these ports; the composition root builds them
// (store/mongo-conversation-store.ts, digest-store/merge-subscriptions.ts).
import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../core/logger.js';

/** `;messageid=…`: Teams appends the thread's root message to a channel conversation's id. */
const THREAD_SUFFIX = /;messageid=[^;]*/i;

/**
 * The conversation a Teams activity belongs to for subscriptions and digests: a channel is one
 * conversation whichever post or thread a message came from, so the thread suffix is dropped
 * ("19:abc@thread.tacv2;messageid=1796104062033" → "19:abc@thread.tacv2"). Chats are unchanged.
 */
export function conversationKey(conversationId: string): string {
  return conversationId.replace(THREAD_SUFFIX, '');
}

export function isThreadKeyed(conversationId: string): boolean {
  return THREAD_SUFFIX.test(conversationId);
}

export interface StoredConversation {
  conversationId: string;
  reference: Partial<ConversationReference>;
  tenantId?: string;
  /** 'personal', 'groupChat' or 'channel'. */
  conversationType?: string;
  /** In a personal chat: the person's Teams ids (29:… and AAD object id), so a nudge can find the chat. */
  userIds?: string[];
  firstSeenAt: Date;
  updatedAt: Date;
  /** Set when the bot was removed; cleared when it is added again. */
  removedAt: Date | null;
}

/** The conversations the bot is in, one per channel (see conversationKey). */
export interface ConversationPort {
  ensureIndexes(): Promise<void>;
  /** Stores (or refreshes) a conversation's reference; `installed` clears an earlier removal. */
  save(reference: Partial<ConversationReference>, options: { userIds?: string[]; installed?: boolean; at: Date }): Promise<void>;
  markRemoved(conversationId: string, at: Date): Promise<void>;
  find(conversationId: string): Promise<StoredConversation | undefined>;
  /** The personal chat with this person, if the bot has one. */
  findPersonal(userId: string): Promise<StoredConversation | undefined>;
  /** References stored per thread by earlier versions, merged into one per channel; returns the channels merged. */
  mergeThreads(logger?: { info(msg: string, meta?: Record<string, unknown>): void }): Promise<number>;
  /** The most recent conversation in a tenant (or any): its serviceUrl reaches that tenant's Teams. */
  latest(tenantId?: string): Promise<StoredConversation | undefined>;
}

/** What the Teams surface keeps in the database, as the composition root hands it over. */
export interface TeamsStorePorts {
  conversations: ConversationPort;
  /**
   * Digest subscriptions whose channel ids share a `key` (earlier versions keyed them by thread)
   * merged into one per channel; returns the number of channels merged.
   */
  mergeSubscriptions(key: (channelId: string) => string, now: Date, logger: Logger): Promise<number>;
}

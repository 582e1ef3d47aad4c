// Where the bot may post without being asked (digests, nudges): the Bot
// Framework conversation reference of each team, chat and personal chat it is
// in, kept in the surface's own collection. A directory, not a record: an
// upsert per conversation is all it needs (docs/decisions/0001-portable-mongodb-subset.md).
import type { ConversationReference } from 'botbuilder';
import type { Db } from 'mongodb';
import { guard, isDuplicateKey } from '../store/mongo-errors.js';

export const TEAMS_CONVERSATIONS = 'teams_conversations';

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

export class ConversationStore {
  constructor(private readonly db: Db) {}

  private get collection() {
    return this.db.collection<StoredConversation>(TEAMS_CONVERSATIONS);
  }

  async ensureIndexes(): Promise<void> {
    await guard('teams conversation indexes', async () => {
      await this.collection.createIndex({ conversationId: 1 }, { unique: true, name: 'conversationId_unique' });
      await this.collection.createIndex({ userIds: 1 }, { name: 'userIds' });
      await this.collection.createIndex({ tenantId: 1, updatedAt: -1 }, { name: 'tenant_updated' });
    });
  }

  /** Stores (or refreshes) a conversation's reference; `installed` clears an earlier removal. */
  async save(reference: Partial<ConversationReference>, options: { userIds?: string[]; installed?: boolean; at: Date }): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) throw new Error('a conversation reference without a conversation id');
    const { activityId: _notNeeded, ...ref } = reference;
    const set: Partial<StoredConversation> = {
      reference: JSON.parse(JSON.stringify(ref)) as Partial<ConversationReference>,
      updatedAt: options.at,
      ...(ref.conversation?.tenantId ? { tenantId: ref.conversation.tenantId } : {}),
      ...(ref.conversation?.conversationType ? { conversationType: ref.conversation.conversationType } : {}),
      ...(options.installed ? { removedAt: null } : {}),
    };
    const update = {
      $set: set,
      $setOnInsert: { firstSeenAt: options.at, ...(options.installed ? {} : { removedAt: null }) },
      ...(options.userIds?.length ? { $addToSet: { userIds: { $each: options.userIds } } } : {}),
    };
    const write = () => this.collection.updateOne({ conversationId }, update, { upsert: true });
    await guard('save teams conversation', async () => {
      try {
        await write();
      } catch (err) {
        // Two first messages at once: both tried to insert; the second now updates.
        if (!isDuplicateKey(err)) throw err;
        await write();
      }
    });
  }

  async markRemoved(conversationId: string, at: Date): Promise<void> {
    await guard('remove teams conversation', () => this.collection.updateOne({ conversationId }, { $set: { removedAt: at, updatedAt: at } }));
  }

  async find(conversationId: string): Promise<StoredConversation | undefined> {
    const doc = await guard('find teams conversation', () => this.collection.findOne({ conversationId }, { projection: { _id: 0 } }));
    return doc ?? undefined;
  }

  /** The personal chat with this person, if the bot has one. */
  async findPersonal(userId: string): Promise<StoredConversation | undefined> {
    const doc = await guard('find personal teams chat', () =>
      this.collection.findOne({ userIds: userId, conversationType: 'personal', removedAt: null }, { projection: { _id: 0 }, sort: { updatedAt: -1 } }),
    );
    return doc ?? undefined;
  }

  /** The most recent conversation in a tenant (or any): its serviceUrl reaches that tenant's Teams. */
  async latest(tenantId?: string): Promise<StoredConversation | undefined> {
    const doc = await guard('find teams conversation', () =>
      this.collection.findOne(tenantId ? { tenantId } : {}, { projection: { _id: 0 }, sort: { updatedAt: -1 } }),
    );
    return doc ?? undefined;
  }
}

/**
 * The stored reference of a Teams conversation the bot is (still) in, for the digest scheduler;
 * undefined when the bot was never there or has been removed.
 */
export async function readConversationReference(db: Db, conversationId: string): Promise<Partial<ConversationReference> | undefined> {
  const stored = await new ConversationStore(db).find(conversationId);
  return stored && !stored.removedAt ? stored.reference : undefined;
}

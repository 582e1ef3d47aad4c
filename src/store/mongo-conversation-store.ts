// The Teams surface's conversation references (teams/conversation-port.ts) in
// the surface's own collection. A directory, not a record: an upsert per
// conversation is all it needs (docs/decisions/0001-portable-mongodb-subset.md).
import type { ConversationReference } from 'botbuilder';
import type { Db } from 'mongodb';
import { conversationKey, type ConversationPort, type StoredConversation } from '../teams/conversation-port.js';
import { guard, isDuplicateKey } from './mongo-errors.js';
import type { WriteQueue } from './write-queue.js';

export const TEAMS_CONVERSATIONS = 'teams_conversations';

const conversations = (db: Db) => db.collection<StoredConversation>(TEAMS_CONVERSATIONS);

async function findConversation(db: Db, conversationId: string): Promise<StoredConversation | undefined> {
  const key = conversationKey(conversationId);
  const doc = await guard('find teams conversation', () => conversations(db).findOne({ conversationId: key }, { projection: { _id: 0 } }));
  return doc ?? undefined;
}

/** `writes`: the database's write queue (store/write-queue.ts); conditional updates need it on FerretDB. */
export class MongoConversationStore implements ConversationPort {
  constructor(private readonly db: Db, private readonly writes: WriteQueue) {}

  private get collection() {
    return conversations(this.db);
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
    const raw = reference.conversation?.id;
    if (!raw) throw new Error('a conversation reference without a conversation id');
    // Stored under the channel, and pointing at it: a digest sent with it is a new post in the
    // channel, not a reply in whichever thread the bot last heard from.
    const conversationId = conversationKey(raw);
    const { activityId: _notNeeded, ...rest } = reference;
    const ref: Partial<ConversationReference> = { ...rest, conversation: { ...rest.conversation!, id: conversationId } };
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
    await guard('save teams conversation', () =>
      this.writes(async () => {
        try {
          await write();
        } catch (err) {
          // Two first messages at once: both tried to insert; the second now updates.
          if (!isDuplicateKey(err)) throw err;
          await write();
        }
      }),
    );
  }

  async markRemoved(conversationId: string, at: Date): Promise<void> {
    await guard('remove teams conversation', () => this.writes(() => this.collection.updateOne({ conversationId: conversationKey(conversationId) }, { $set: { removedAt: at, updatedAt: at } })));
  }

  find(conversationId: string): Promise<StoredConversation | undefined> {
    return findConversation(this.db, conversationId);
  }

  /** The personal chat with this person, if the bot has one. */
  async findPersonal(userId: string): Promise<StoredConversation | undefined> {
    const doc = await guard('find personal teams chat', () =>
      this.collection.findOne({ userIds: userId, conversationType: 'personal', removedAt: null }, { projection: { _id: 0 }, sort: { updatedAt: -1 } }),
    );
    return doc ?? undefined;
  }

  /**
   * References stored per thread by earlier versions, merged into one per channel: the channel's
   * own (from the installation) stays when there is one, else the newest thread's is inserted
   * under the channel; then the thread-keyed ones are removed. Safe to run by every instance at
   * once: the channel's document is claimed by an insert against the unique conversationId, and
   * the removals are by exact id.
   */
  async mergeThreads(logger?: { info(msg: string, meta?: Record<string, unknown>): void }): Promise<number> {
    const old = await guard('find thread-keyed teams conversations', () =>
      this.collection.find({ conversationId: { $regex: ';messageid=', $options: 'i' } }, { projection: { _id: 0 } }).toArray(),
    );
    const groups = new Map<string, StoredConversation[]>();
    for (const doc of old) groups.set(conversationKey(doc.conversationId), [...(groups.get(conversationKey(doc.conversationId)) ?? []), doc]);
    for (const [key, docs] of groups) {
      const newest = docs.reduce((a, b) => (b.updatedAt.getTime() > a.updatedAt.getTime() ? b : a));
      const reference = { ...newest.reference, conversation: { ...newest.reference.conversation!, id: key } };
      await guard('merge teams conversation', async () => {
        try {
          await this.writes(() => this.collection.insertOne({ ...newest, conversationId: key, reference }));
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // the channel's own, or another instance's merge: it stands
        }
        for (const d of docs) await this.writes(() => this.collection.deleteOne({ conversationId: d.conversationId }));
      });
      logger?.info('teams conversation references merged into their channel', { channel: key, threads: docs.length });
    }
    return groups.size;
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
  const stored = await findConversation(db, conversationId);
  return stored && !stored.removedAt ? stored.reference : undefined;
}

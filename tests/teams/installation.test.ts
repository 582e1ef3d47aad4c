// Installation events: the bot added to a team, group chat or personal chat
// stores the conversation reference (for digests) and welcomes; removal is
// recorded; people joining a team the bot is in hear nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEAMS_CONVERSATIONS, readConversationReference } from '../../src/store/mongo-conversation-store.js';
import { BOT, PEOPLE, botAdded, cardText, cardTitle, installationUpdate, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

let t: TeamsBot;

beforeAll(async () => {
  t = await startTeamsBot();
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

const stored = (conversationId: string) => t.bot.database.db.collection(TEAMS_CONVERSATIONS).findOne({ conversationId });

describe('the bot added to a team', () => {
  it('stores the conversation reference and posts a welcome that says what to type', async () => {
    const activity = botAdded(t.connector.url, PEOPLE.ird, { type: 'channel', id: '19:general@thread.tacv2', teamId: '19:general@thread.tacv2' });
    const res = await t.send(activity);
    expect(res.status).toBe(200);

    const ref = await readConversationReference(t.bot.database.db, '19:general@thread.tacv2');
    expect(ref).toMatchObject({ serviceUrl: t.connector.url, channelId: 'msteams', bot: BOT, conversation: { id: '19:general@thread.tacv2', tenantId: 'tenant-nz' } });
    expect(ref).not.toHaveProperty('activityId');

    const cards = t.cardsSince(0);
    expect(cards).toHaveLength(1);
    expect(cardTitle(cards[0]!)).toContain('TSOC Action Plan 2026–2030');
    const text = cardText(cards[0]!);
    expect(text).toContain('Mention me');
    expect(text).toContain('who coordinates 13b');
    expect(text).toContain('update 7 on-track Team recruited');
    expect(t.connector.sent[0]!.conversationId).toBe('19:general@thread.tacv2');
  });

  it('welcomes a personal chat without asking for a mention, and remembers whose chat it is', async () => {
    const activity = botAdded(t.connector.url, PEOPLE.police, { type: 'personal' });
    await t.send(activity);
    expect(cardText(t.cardsSince(0)[0]!)).toContain('Ask me in plain words');
    expect(await stored(activity.conversation.id)).toMatchObject({ conversationType: 'personal', userIds: expect.arrayContaining([PEOPLE.police.id, PEOPLE.police.aadObjectId]) });
  });

  it('says nothing when people (not the bot) join a team', async () => {
    const activity = { ...botAdded(t.connector.url, PEOPLE.ird, { type: 'channel', id: '19:people-joined' }), membersAdded: [{ id: '29:new-person' }] };
    await t.send(activity);
    expect(t.connector.sent).toHaveLength(0);
    expect(await stored('19:people-joined')).toBeNull();
  });
});

describe('installationUpdate', () => {
  it('stores the reference on add without a second welcome, and forgets it on remove', async () => {
    const options = { type: 'groupChat' as const, id: '19:group-chat-install' };
    await t.send(installationUpdate(t.connector.url, PEOPLE.ird, 'add', options));
    expect(t.connector.sent).toHaveLength(0);
    expect(await readConversationReference(t.bot.database.db, options.id)).toMatchObject({ conversation: { id: options.id } });

    await t.send(installationUpdate(t.connector.url, PEOPLE.ird, 'remove', options));
    expect(await readConversationReference(t.bot.database.db, options.id)).toBeUndefined();

    await t.send(installationUpdate(t.connector.url, PEOPLE.ird, 'add', options));
    expect(await readConversationReference(t.bot.database.db, options.id)).toBeDefined();
    expect(await t.bot.database.db.collection(TEAMS_CONVERSATIONS).countDocuments({ conversationId: options.id })).toBe(1);
  });

  it('also learns a conversation from its first message (a team the bot joined before this existed)', async () => {
    const activity = message(t.connector.url, PEOPLE.ird, 'help', { type: 'channel', id: '19:older-team', mentions: 'bot' });
    await t.send(activity);
    expect(await readConversationReference(t.bot.database.db, '19:older-team')).toMatchObject({ serviceUrl: t.connector.url });
  });
});

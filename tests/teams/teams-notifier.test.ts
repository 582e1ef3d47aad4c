// The Teams notifier the scheduler uses: digests into a stored conversation,
// nudges into a personal chat (opened through the connector when needed), and
// a throttled connector reported as RateLimitedError.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedError, type Notifier } from '../../src/core/notifier.js';
import { okReply } from '../../src/core/reply.js';
import { TEAMS_CONVERSATIONS } from '../../src/store/mongo-conversation-store.js';
import { PEOPLE, botAdded, cardOf, cardTitle, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

let t: TeamsBot;
let notifier: Notifier;
const TEAM = '19:digest-team@thread.tacv2';

beforeAll(async () => {
  t = await startTeamsBot();
  notifier = t.bot.surfaces.find((s) => s.name === 'teams')!.notifier!;
  await t.send(botAdded(t.connector.url, PEOPLE.ird, { type: 'channel', id: TEAM, teamId: TEAM }));
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

describe('postDigest', () => {
  it('posts every page, in order, as new messages in the stored conversation', async () => {
    const pages = [okReply('Weekly digest — Police', [{ lines: ['7 — On track'] }]), okReply('Plan-wide', [{ lines: ['13b — At risk'] }])];
    const posted = await notifier.postDigest(TEAM, pages, 'sub-1:2026-11-30');
    const sent = t.connector.sent;
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.conversationId)).toEqual([TEAM, TEAM]);
    expect(sent.every((r) => r.activityId === undefined)).toBe(true); // not a reply to anything
    expect(sent.map((r) => cardTitle(cardOf(r.body)))).toEqual(['Weekly digest — Police', 'Plan-wide']);
    expect(posted.messageId).toMatch(/^activity-\d+$/);
    expect(posted.at).toBeInstanceOf(Date);
  });

  it('refuses a conversation it has no reference for', async () => {
    await expect(notifier.postDigest('19:never-installed', [okReply('x')], 'k')).rejects.toThrow(/not installed/);
    expect(t.connector.requests).toHaveLength(0);
  });

  it('reports a throttled connector as RateLimitedError with its Retry-After', async () => {
    t.connector.throttleNext(100, { 'retry-after-ms': '5' });
    const err = await notifier.postDigest(TEAM, [okReply('Digest')], 'k2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(5);
  });
});

describe('sendDirect', () => {
  it('uses the personal chat the person has with the bot', async () => {
    const chat = message(t.connector.url, PEOPLE.police, 'help', { type: 'personal' });
    await t.send(chat);
    t.connector.reset();
    await notifier.sendDirect(PEOPLE.police.aadObjectId, okReply('Action 7 has had no update for 14 days'));
    expect(t.connector.sent).toHaveLength(1);
    expect(t.connector.sent[0]!.conversationId).toBe(chat.conversation.id);
    expect(cardTitle(cardOf(t.connector.sent[0]!.body))).toBe('Action 7 has had no update for 14 days');
  });

  it('opens a personal chat through the connector when there is none, and keeps it', async () => {
    await notifier.sendDirect('29:new-person', okReply('Nudge'));
    const create = t.connector.requests.find((r) => r.method === 'POST' && r.path === '/v3/conversations')!;
    expect(create.body).toMatchObject({ isGroup: false, members: [{ id: '29:new-person' }], tenantId: 'tenant-nz', channelData: { tenant: { id: 'tenant-nz' } } });
    const [sent] = t.connector.sent;
    expect(sent!.conversationId).toMatch(/^a:personal-/);
    expect(cardTitle(cardOf(sent!.body))).toBe('Nudge');
    const stored = await t.bot.database.db.collection(TEAMS_CONVERSATIONS).findOne({ userIds: '29:new-person' });
    expect(stored).toMatchObject({ conversationId: sent!.conversationId, conversationType: 'personal' });
  });
});

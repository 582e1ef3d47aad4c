// A Teams channel is one conversation. Subscriptions and conversation
// references that earlier versions stored per thread ("…;messageid=…") are
// merged into one per channel at start — the newest wins, the others are
// logged — by several instances starting at once; afterwards a channel gets
// one digest, as a new post to the channel's own id, and answers the same
// from any thread. Against the recording connector and the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_COLLECTIONS } from '../../src/digest-store/digest-collections.js';
import { TEAMS_CONVERSATIONS } from '../../src/store/mongo-conversation-store.js';
import { testDbName } from '../support/test-env.js';
import { BOT, PEOPLE, TENANT, cardTitle, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

const DB = testDbName('merge');
const CHANNEL = '19:police-digests@thread.tacv2';
const OTHER = '19:ird-digests@thread.tacv2';
const thread = (channel: string, n: number) => `${channel};messageid=17961040${n}`;

let a: TeamsBot;
const more: TeamsBot[] = [];

function subscription(channelId: string, agency: string, since: string, by: string) {
  return {
    _id: `teams:${channelId}`, platform: 'teams', channelId, agency, since: new Date(since),
    by: { platform: 'teams', userId: `aad-${by}`, displayName: by, agencies: [agency] },
  };
}

function reference(conversationId: string, serviceUrl: string, at: string) {
  return {
    conversationId, tenantId: TENANT, conversationType: 'channel', firstSeenAt: new Date(at), updatedAt: new Date(at), removedAt: null,
    reference: { channelId: 'msteams', serviceUrl, bot: BOT, conversation: { id: conversationId, conversationType: 'channel', tenantId: TENANT, isGroup: true } },
  };
}

beforeAll(async () => {
  a = await startTeamsBot({ MONGODB_DB: DB });
  const db = a.bot.database.db;
  // As an earlier version left them: a channel subscribed from three threads (two agencies), another from one.
  await db.collection(DIGEST_COLLECTIONS.subscriptions).insertMany([
    subscription(thread(CHANNEL, 1), 'police', '2026-06-01T00:00:00Z', 'Aroha Ngata'),
    subscription(thread(CHANNEL, 2), 'customs', '2026-06-03T00:00:00Z', 'Isaiah Langer'),
    subscription(thread(CHANNEL, 3), 'police', '2026-06-02T00:00:00Z', 'Second Officer'),
    subscription(thread(OTHER, 4), 'ird', '2026-06-01T00:00:00Z', 'Megan Bowen'),
  ] as never[]);
  await db.collection(TEAMS_CONVERSATIONS).insertMany([
    reference(thread(CHANNEL, 1), a.connector.url, '2026-06-01T00:00:00Z'),
    reference(thread(CHANNEL, 2), a.connector.url, '2026-06-03T00:00:00Z'),
    reference(thread(OTHER, 4), a.connector.url, '2026-06-01T00:00:00Z'),
  ]);
  // Three instances start at once against that database: each runs the merge.
  more.push(...(await Promise.all([0, 1, 2].map(() => startTeamsBot({ MONGODB_DB: DB })))));
}, 60_000);
afterAll(async () => {
  await Promise.all(more.map((b) => b.stop()));
  await a.stop();
});

describe('thread-keyed subscriptions merged at start', () => {
  it('leaves one subscription per channel, the newest, marked so the latest slot is not sent again', async () => {
    const subs = await a.bot.database.db.collection(DIGEST_COLLECTIONS.subscriptions).find({}).sort({ _id: 1 }).toArray();
    expect(subs.map((s) => [s._id, s.channelId, s.agency])).toEqual([
      [`teams:${OTHER}`, OTHER, 'ird'],
      [`teams:${CHANNEL}`, CHANNEL, 'customs'],
    ]);
    expect(subs[1]!.since).toEqual(new Date('2026-06-03T00:00:00Z'));
    expect(subs[1]!.owedFrom).toBeInstanceOf(Date);
  });

  it('logs what was dropped, and that they disagreed', () => {
    const logged = more.flatMap((b) => b.logger.lines).filter((l) => l.message === 'teams subscriptions merged into one per channel' && l.fields?.channel === CHANNEL);
    // The instance whose insert made the channel's subscription read every thread's first, so it
    // logs the other two threads as dropped. (An instance that read after that insert and one
    // delete may also drop two: the newest thread and one more, beside the channel's own.)
    const droppedBy = (l: (typeof logged)[number]) => (l.fields!.dropped as { by: string }[]).map((d) => d.by).sort();
    const full = logged.find((l) => droppedBy(l).join() === 'Aroha Ngata,Second Officer');
    expect(full?.fields).toMatchObject({ kept: { agency: 'customs', by: 'Isaiah Langer' }, note: 'they disagreed: the newest stands' });
    // Whoever else logged kept the same one.
    for (const l of logged) expect(l.fields).toMatchObject({ kept: { agency: 'customs', by: 'Isaiah Langer' } });
  });

  it('keeps one conversation reference per channel, pointing at the channel itself', async () => {
    const refs = await a.bot.database.db.collection(TEAMS_CONVERSATIONS).find({}).sort({ conversationId: 1 }).toArray();
    expect(refs.map((r) => [r.conversationId, (r.reference as { conversation: { id: string } }).conversation.id])).toEqual([
      [OTHER, OTHER],
      [CHANNEL, CHANNEL],
    ]);
  });

  it('answers subscriptions the same from any thread of the channel', async () => {
    for (const id of [thread(CHANNEL, 7), thread(CHANNEL, 8), CHANNEL]) {
      const start = a.connector.requests.length;
      await a.send(message(a.connector.url, PEOPLE.police, 'subscriptions', { type: 'channel', id, teamId: CHANNEL, mentions: 'bot' }));
      expect(cardTitle(a.cardsSince(start)[0]!)).toBe('This channel gets the Customs digest.');
    }
  });

  it('sends the next slot once per channel, as a new post to the channel id', async () => {
    a.connector.reset();
    const slot = a.bot.digests.schedule.next(new Date());
    const reports = await Promise.all([a, ...more].map((b) => b.bot.digests.runSlot(slot)));
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(2);
    const posts = a.connector.sent.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.conversationId).sort()).toEqual([OTHER, CHANNEL]);
    for (const p of posts) {
      expect(p.conversationId).not.toContain(';messageid=');
      expect(p.activityId).toBeUndefined(); // not a reply to any thread
      expect(p.body.replyToId).toBeUndefined();
    }
  });

  it('does not resend the latest slot as a catch-up to the merged subscription', async () => {
    a.connector.reset();
    const latest = a.bot.digests.schedule.latest(new Date());
    if (latest) expect(await a.bot.digests.runSlot(latest)).toMatchObject({ claimed: 0, sent: 0 });
    expect(a.connector.sent).toHaveLength(0);
  });
});

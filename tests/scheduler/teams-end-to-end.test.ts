// Digests through the real Teams surface's notifier to the local recording
// connector: three instances, one digest per conversation (counted at the
// connector); a crash mid-post is not re-posted (Teams cannot look a post up)
// and shows as needing attention.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { subscriptionId } from '../../src/core/digest/digest-port.js';
import { createEngine } from '../../src/core/engine.js';
import type { Notifier } from '../../src/core/notifier.js';
import { replyToText } from '../../src/core/reply.js';
import { DIGEST_COLLECTIONS } from '../../src/digest-store/digest-collections.js';
import { MongoSubscriptionStore } from '../../src/digest-store/mongo-subscription-store.js';
import { createDigestService } from '../../src/scheduler/create-digest-service.js';
import type { DigestService } from '../../src/scheduler/digest-service.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { PEOPLE, botAdded, cardOf, cardTitle } from '../teams/support/activities.js';
import { startTeamsBot, type TeamsBot } from '../teams/support/teams-bot.js';
import { memoryLogger } from '../support/test-env.js';
import { nz, type TestClock } from './support/digest-fixture.js';
import { directWrites } from '../../src/store/write-queue.js';

const SLOT = nz('2026-08-03 09:00');
const TEAM_IRD = '19:ird-team@thread.tacv2';
const TEAM_POLICE = '19:police-team@thread.tacv2';

let t: TeamsBot;
let teams: Notifier;
let services: DigestService[] = [];

beforeAll(async () => {
  t = await startTeamsBot();
  teams = t.bot.surfaces.find((s) => s.name === 'teams')!.notifier!;
  await t.send(botAdded(t.connector.url, PEOPLE.ird, { type: 'channel', id: TEAM_IRD, teamId: TEAM_IRD }));
  await t.send(botAdded(t.connector.url, PEOPLE.police, { type: 'channel', id: TEAM_POLICE, teamId: TEAM_POLICE }));
});
afterAll(() => t.stop());
beforeEach(async () => {
  t.connector.reset();
  const db = t.bot.database.db;
  for (const name of Object.values(DIGEST_COLLECTIONS)) await db.collection(name).deleteMany({});
  const subs = new MongoSubscriptionStore(db, directWrites);
  for (const [channelId, agency] of [[TEAM_IRD, 'ird'], [TEAM_POLICE, 'police']] as const) {
    await subs.subscribe({
      id: subscriptionId('teams', channelId), platform: 'teams', channelId, agency, since: nz('2026-08-01 09:00'),
      by: { platform: 'teams', userId: 'aad', displayName: 'Setup', agencies: [agency] },
    });
  }
  return async () => {
    await Promise.all(services.map((s) => s.stop()));
    services = [];
  };
});

function service(clock: TestClock, notifier: Notifier): DigestService {
  const s = createDigestService({
    db: t.bot.database.db, writes: directWrites, plan: t.bot.engine.plan, store: new MongoPlanStore(t.bot.database.db, { writes: directWrites }), notifiers: [notifier], logger: memoryLogger(),
    config: { DIGEST_SCHEDULE: '0 9 * * 1', PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, TSOC_ADMINS: ['steward@tsoc.example.nz'] },
    clock: { now: () => clock.now }, tuning: { postTimeoutMs: 60_000, stopGraceMs: 200, backoffMs: () => 20 },
  });
  services.push(s);
  return s;
}

/** First pages of digests the connector delivered, by conversation. */
function digestsAtConnector(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of t.connector.sent) {
    const title = cardTitle(cardOf(r.body));
    if (!title.startsWith('TSOC Action Plan digest') || /\((?:[2-9]|\d\d)\/\d+\)$/.test(title)) continue;
    (out[r.conversationId ?? '(none)'] ??= []).push(title);
  }
  return out;
}

describe('digests to Teams', () => {
  it('three instances firing one slot: one digest per conversation at the connector', async () => {
    const clock = { now: new Date(SLOT.getTime() + 1000) };
    await Promise.all([0, 1, 2].map(() => service(clock, teams)).map((s) => s.runSlot(SLOT)));
    expect(digestsAtConnector()).toEqual({
      [TEAM_IRD]: ['TSOC Action Plan digest for Inland Revenue — 3 Aug 2026'],
      [TEAM_POLICE]: ['TSOC Action Plan digest for New Zealand Police — 3 Aug 2026'],
    });
  });

  it('an instance killed mid-post: not posted again; digest status asks someone to check the channel', async () => {
    const dying: Notifier = {
      platform: 'teams',
      postDigest: async (channel, pages, key) => {
        await teams.postDigest(channel, pages, key);
        return new Promise(() => undefined); // the process "died" after Teams took the post
      },
      sendDirect: (user, reply) => teams.sendDirect(user, reply),
    };
    void service({ now: new Date(SLOT.getTime() + 1000) }, dying).runSlot(SLOT);
    for (let i = 0; i < 200 && Object.keys(digestsAtConnector()).length < 2; i++) await new Promise((r) => setTimeout(r, 20));

    const bClock = { now: new Date(SLOT.getTime() + 10 * 60_000) };
    const b = service(bClock, teams);
    expect(await b.catchUp()).toMatchObject({ recovered: 2, unknown: 2, sent: 0 });
    expect(Object.values(digestsAtConnector()).map((d) => d.length)).toEqual([1, 1]);

    const engine = createEngine({
      plan: t.bot.engine.plan, store: new MongoPlanStore(t.bot.database.db, { writes: directWrites }), admins: ['steward@tsoc.example.nz'], timeZone: 'Pacific/Auckland',
      staleAfterDays: 14, logger: memoryLogger(), now: () => bClock.now, extra: b.commands,
    });
    const status = replyToText(await engine.run('digest status', { platform: 'cli', userId: 'op', displayName: 'op', localSteward: true }));
    expect(status).toContain('2 need attention');
    expect(status).toContain(`Police → Teams conversation ${TEAM_POLICE}: NEEDS ATTENTION: the bot stopped while posting it, and Teams cannot confirm whether the post arrived`);
  });
});

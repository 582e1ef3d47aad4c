// The authenticated path end to end: Bot Framework tokens signed with a key of
// the test's own and checked against OpenID metadata served from 127.0.0.1,
// the bot's outbound token from a test credentials factory, and a recording
// connector as the allowed service host. A valid token is served (tenant guard,
// tenant/domain binding, the reply reaching the connector); a token for another
// serviceUrl, or an activity naming a host that is not allowed, runs nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okReply } from '../../src/core/reply.js';
import { COLLECTIONS } from '../../src/store/collections.js';
import { TEAMS_CONVERSATIONS } from '../../src/store/mongo-conversation-store.js';
import { PEOPLE, cardText, cardTitle, message, post } from './support/activities.js';
import { BotFrameworkKeys, OUTBOUND_TOKEN, testCredentials } from './support/bot-framework-auth.js';
import { FakeConnector } from './support/fake-connector.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

const APP_ID = '0f3c2a1b-1234-4abc-9def-0123456789ab';
const STEWARD = 'steward@dpmc.govt.nz';
/** A user of the second tenant whose directory entry claims a Police address. */
const CLAIMS_POLICE = { id: '29:tenant-b-claims-police', name: 'Not Police', aadObjectId: 'aad-b-claims-police', email: 'aroha.ngata@police.govt.nz' };
/** A user of the second tenant whose directory entry claims the steward's address. */
const CLAIMS_STEWARD = { id: '29:tenant-b-claims-steward', name: 'Not Steward', aadObjectId: 'aad-b-claims-steward', email: STEWARD };
const IRD_IN_B = { ...PEOPLE.ird, id: '29:tenant-b-megan', aadObjectId: 'aad-tenant-b-megan' };

let keys: BotFrameworkKeys;
let t: TeamsBot;
let hostile: FakeConnector;

beforeAll(async () => {
  keys = await new BotFrameworkKeys().start();
  hostile = await new FakeConnector().start();
  t = await startTeamsBot(
    {
      TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'unused-the-test-signs-outbound-calls',
      TEAMS_ALLOWED_TENANTS: 'tenant-nz,tenant-b',
      TEAMS_TENANT_DOMAINS: 'tenant-nz=police.govt.nz,dpmc.govt.nz,ird.govt.nz;tenant-b=ird.govt.nz',
      TSOC_ADMINS: STEWARD,
    },
    { auth: keys.auth, credentials: testCredentials(APP_ID) },
  );
  for (const p of [CLAIMS_POLICE, CLAIMS_STEWARD, IRD_IN_B]) {
    t.connector.addMember(p);
    hostile.addMember(p);
  }
  hostile.addMember({ id: '29:mallory', name: 'Mallory', email: STEWARD });
}, 30_000);

afterAll(async () => {
  await t?.stop();
  await hostile?.stop();
  await keys?.stop();
});

function signed(activity: { serviceUrl: string }, serviceurl = activity.serviceUrl, aud = APP_ID) {
  return { authorization: `Bearer ${keys.token({ aud, serviceurl })}` };
}

async function conversationStored(id: string): Promise<boolean> {
  return (await t.bot.database.db.collection(TEAMS_CONVERSATIONS).findOne({ conversationId: id })) !== null;
}

describe('a valid Bot Framework token', () => {
  it('is served: the update is saved, and the reply and look-up reach the connector with the bot\'s own token', async () => {
    t.connector.reset();
    const activity = message(t.connector.url, PEOPLE.police, 'update 7 on-track Signed and checked');
    const res = await t.send(activity, signed(activity));
    expect(res.status).toBe(200);
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toMatch(/^Saved/);
    expect((await t.updates('7')).at(-1)).toMatchObject({ note: 'Signed and checked', by: expect.objectContaining({ email: 'aroha.ngata@police.govt.nz' }) });
    expect(t.connector.memberLookups.length).toBeGreaterThan(0);
    for (const r of t.connector.requests) expect(r.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(await conversationStored(activity.conversation.id)).toBe(true);
  });

  it('from a tenant not served gets the polite refusal and nothing else', async () => {
    t.connector.reset();
    const activity = message(t.connector.url, PEOPLE.police, 'update 7 complete From elsewhere', { tenantId: 'tenant-elsewhere' });
    const before = (await t.updates('7')).length;
    expect((await t.send(activity, signed(activity))).status).toBe(200);
    expect(cardTitle(t.cardsSince(0)[0]!)).toBe('Sorry — this TSOC Action Plan bot serves only the organisations it has been set up for.');
    expect(t.connector.memberLookups).toHaveLength(0);
    expect(await t.updates('7')).toHaveLength(before);
    expect(await conversationStored(activity.conversation.id)).toBe(false);
  });
});

describe('tenant/domain binding (two tenants served)', () => {
  it('lets a tenant\'s user with a domain bound to that tenant update', async () => {
    const activity = message(t.connector.url, IRD_IN_B, 'update 13b on-track Bound domain', { tenantId: 'tenant-b' });
    expect((await t.send(activity, signed(activity))).status).toBe(200);
    expect((await t.updates('13b')).at(-1)).toMatchObject({ note: 'Bound domain' });
  });

  it('lets a user whose email domain is not bound to their tenant look things up, and tells them why an update is refused', async () => {
    t.connector.reset();
    const look = message(t.connector.url, CLAIMS_POLICE, 'show 7', { tenantId: 'tenant-b' });
    await t.send(look, signed(look));
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toContain('Action 7');

    const before = (await t.updates('7')).length;
    const write = message(t.connector.url, CLAIMS_POLICE, 'update 7 complete Claimed to be Police', { tenantId: 'tenant-b' });
    await t.send(write, signed(write));
    const card = t.cardsSince(0).at(-1)!;
    expect(cardTitle(card)).toContain('I can only look things up for you');
    expect(cardTitle(card)).toContain('police.govt.nz is not one of the email domains it trusts your organisation\'s directory for');
    expect(cardText(card)).toContain('Nothing was saved');
    expect(await t.updates('7')).toHaveLength(before);
  });

  it('gives no steward rights to a steward\'s address written by another tenant\'s directory', async () => {
    t.connector.reset();
    const grant = message(t.connector.url, CLAIMS_STEWARD, 'grant mallory@example.com tsoc', { tenantId: 'tenant-b' });
    await t.send(grant, signed(grant));
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toContain('I can only look things up for you');
    const whoami = message(t.connector.url, CLAIMS_STEWARD, 'whoami', { tenantId: 'tenant-b' });
    await t.send(whoami, signed(whoami));
    expect(cardText(t.cardsSince(0).at(-1)!)).not.toContain(STEWARD);
    expect(await t.bot.database.db.collection(COLLECTIONS.memberships).countDocuments({ email: 'mallory@example.com' })).toBe(0);
  });
});

describe('tokens and service URLs that do not match', () => {
  it('refuses a token whose serviceurl claim differs from the activity\'s (401, nothing run)', async () => {
    t.connector.reset();
    const activity = message(t.connector.url, PEOPLE.police, 'update 7 complete Wrong claim');
    const before = (await t.updates('7')).length;
    const res = await t.send(activity, signed(activity, 'https://smba.trafficmanager.net/amer/'));
    expect(res.status).toBe(401);
    expect(t.connector.requests).toHaveLength(0);
    expect(await t.updates('7')).toHaveLength(before);
    expect(await conversationStored(activity.conversation.id)).toBe(false);
  });

  it('refuses a token for another app (401)', async () => {
    const activity = message(t.connector.url, PEOPLE.police, 'show 7');
    expect((await t.send(activity, signed(activity, activity.serviceUrl, 'another-app'))).status).toBe(401);
  });

  it('refuses a validly signed activity whose serviceUrl is a host it does not trust, and never calls that host (403)', async () => {
    hostile.reset();
    // The hostile connector would answer the member look-up with the steward's email.
    const activity = message(hostile.url, { id: '29:mallory', name: 'Mallory' }, 'grant mallory@example.com tsoc');
    const res = await post(t.bot.url, activity, signed(activity));
    expect(res.status).toBe(403);
    expect(hostile.requests).toHaveLength(0);
    expect(await t.bot.database.db.collection(COLLECTIONS.memberships).countDocuments({ email: 'mallory@example.com' })).toBe(0);
    expect(await conversationStored(activity.conversation.id)).toBe(false);
    expect(t.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'teams request refused: serviceUrl not allowed' }));
  });
});

describe('outbound calls', () => {
  it('go only to allowed hosts, even for a conversation reference stored before these checks existed', async () => {
    const notifier = t.bot.surfaces.find((x) => x.name === 'teams')!.notifier!;
    const digest = [okReply('TSOC digest', [{ lines: ['Nothing new this week.'] }])];
    // A legitimately stored conversation: the digest reaches the connector with the bot's token.
    t.connector.reset();
    const activity = message(t.connector.url, PEOPLE.police, 'show 7');
    await t.send(activity, signed(activity));
    t.connector.reset();
    await notifier.postDigest(activity.conversation.id, digest, 'key-1');
    expect(t.connector.sent).toHaveLength(1);
    expect(t.connector.sent[0]!.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);

    // A reference pointing at the attacker's server, planted in the database.
    hostile.reset();
    const planted = 'a:planted-conversation';
    await t.bot.database.db.collection(TEAMS_CONVERSATIONS).insertOne({
      conversationId: planted, reference: { serviceUrl: hostile.url, channelId: 'msteams', conversation: { id: planted }, bot: { id: '28:tsoc-bot', name: 'TSOC' } },
      firstSeenAt: new Date(), updatedAt: new Date(), removedAt: null,
    });
    await expect(notifier.postDigest(planted, digest, 'key-2')).rejects.toThrow(/not allowed/);
    expect(hostile.requests).toHaveLength(0);
  });
});

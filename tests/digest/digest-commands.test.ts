// subscribe / unsubscribe / subscriptions / digest preview / digest status,
// through the real engine and store, as people on Slack, Teams and the CLI.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestCommands } from '../../src/core/digest/digest-commands.js';
import { createEngine, type Engine, type EngineDeps } from '../../src/core/engine.js';
import type { Identity } from '../../src/core/identity.js';
import { replyToText } from '../../src/core/reply.js';
import { MongoSubscriptionStore } from '../../src/digest-store/mongo-subscription-store.js';
import { createDigestCommandsFor } from '../../src/scheduler/create-digest-service.js';
import { createSchedule } from '../../src/scheduler/cron-slots.js';
import type { DigestService } from '../../src/scheduler/digest-service.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from '../scheduler/support/digest-fixture.js';
import { recordingNotifier } from '../scheduler/support/recording-notifier.js';
import { directWrites } from '../../src/store/write-queue.js';

const jane: Identity = { platform: 'slack', userId: 'U0JANE', displayName: 'Jane Smith', email: 'jane.smith@police.govt.nz' };
const ivan: Identity = { platform: 'slack', userId: 'U0IVAN', displayName: 'Ivan Customs', email: 'ivan@customs.govt.nz' };
const tama: Identity = { platform: 'teams', userId: 'aad-tama', displayName: 'Tama Health', email: 'tama@health.govt.nz' };
const stew: Identity = { platform: 'slack', userId: 'U0STEW', displayName: 'Sam Steward', email: 'steward@tsoc.example.nz' };
const guest: Identity = { platform: 'slack', userId: 'U0GUEST', displayName: 'Guest' };
const cli: Identity = { platform: 'cli', userId: 'operator', displayName: 'operator', localSteward: true };

let f: DigestFixture;
let service: DigestService;
let engine: Engine;
const clock: TestClock = { now: nz('2026-04-01 10:00') }; // a Wednesday

function makeEngine(extra: EngineDeps['extra']): Engine {
  return createEngine({
    plan: f.plan, store: f.store, admins: [stew.email!], timeZone: 'Pacific/Auckland', staleAfterDays: 14,
    logger: f.logger, now: () => clock.now, ...(extra ? { extra } : {}),
  });
}

const inSlack = (channelId: string) => ({ request: { platform: 'slack' as const, channelId } });
async function say(who: Identity, text: string, channelId?: string) {
  const platform = who.platform;
  const reply = await engine.run(text, who, channelId ? { request: { platform, channelId } } : {});
  return { reply, text: replyToText(reply) };
}

beforeAll(async () => {
  f = await digestFixture('commands');
  service = f.service({ clock, notifiers: [recordingNotifier('slack', { now: () => clock.now })] }); // this server has Slack only
  engine = makeEngine(service.commands);
});
afterAll(() => f.close());

describe('subscribe', () => {
  it("lets a member subscribe their channel to their agency's digest, and says when it comes", async () => {
    const { reply, text } = await say(jane, 'subscribe police', 'C_POLICE');
    expect(reply).toMatchObject({ ok: true, title: 'This channel will get the Police digest.' });
    expect(text).toContain('Next digest: Tue, 7 Apr 2026, 9:00 am (schedule `0 9 * * 1`, Pacific/Auckland).');
    expect(await f.subscriptions.subscription('slack:C_POLICE')).toMatchObject({ platform: 'slack', channelId: 'C_POLICE', agency: 'police', since: clock.now });
    // Again: nothing changes.
    expect((await say(jane, 'Subscribe NZ Police', 'C_POLICE')).reply.title).toBe('This channel already gets the Police digest.');
  });

  it('refuses a member of another agency, naming who can', async () => {
    const { reply, text } = await say(ivan, 'subscribe police', 'C_OTHER');
    expect(reply).toMatchObject({ ok: false, code: 'not-permitted', title: "You can't subscribe this channel to the Police digest." });
    expect(text).toContain('Only members of Police (or a plan steward) can. You are in Customs.');
    expect(await f.subscriptions.subscription('slack:C_OTHER')).toBeUndefined();
  });

  it("does not let another agency replace a channel's digest", async () => {
    const { reply } = await say(ivan, 'subscribe customs', 'C_POLICE');
    expect(reply).toMatchObject({ code: 'not-permitted', title: "You can't replace this channel's Police digest." });
    expect((await f.subscriptions.subscription('slack:C_POLICE'))?.agency).toBe('police');
  });

  it('keeps the whole-plan digest for stewards', async () => {
    expect((await say(jane, 'subscribe all', 'C_PLAN')).reply).toMatchObject({ code: 'not-permitted', title: "You can't subscribe this channel to the whole plan digest." });
    expect((await say(stew, 'subscribe all', 'C_PLAN')).reply).toMatchObject({ ok: true, title: 'This channel will get the whole plan digest.' });
  });

  it('subscribes a Teams conversation, and warns when this server has no Teams connection', async () => {
    const { reply, text } = await say(tama, 'subscribe health', '19:abc@thread.tacv2');
    expect(reply.ok).toBe(true);
    expect(text).toContain('This server has no Teams connection for sending digests, so they will wait until it has one.');
    expect(await f.subscriptions.subscription('teams:19:abc@thread.tacv2')).toMatchObject({ platform: 'teams', agency: 'health' });
  });

  it.each([
    ['subscribe', 'bad-input', 'Subscribe this channel to which agency?'],
    ['subscribe ministry', 'ambiguous-agency', '"ministry" could mean'],
    ['subscribe {"$gt": ""}', 'unknown-agency', 'I don\'t know an agency called "{"$gt": ""}".'],
  ])('answers "%s" with what would work', async (text, code, title) => {
    const { reply } = await say(jane, text, 'C_X');
    expect(reply.code).toBe(code);
    expect(reply.title).toContain(title);
  });

  it('needs a verified email', async () => {
    expect((await say(guest, 'subscribe police', 'C_X')).reply.code).toBe('no-identity');
  });

  it('explains that the CLI has no channel', async () => {
    const { reply, text } = await say(cli, 'subscribe police');
    expect(reply).toMatchObject({ ok: false, code: 'bad-input', title: 'Subscriptions belong to a channel, and this has none.' });
    expect(text).toContain('Run `subscribe police` in the Slack channel, or the Teams channel or chat, that should get the weekly digest');
    expect((await say(cli, 'unsubscribe')).reply.code).toBe('bad-input');
  });
});

describe('subscriptions', () => {
  it("shows a member the channel's subscription", async () => {
    const { reply, text } = await say(ivan, 'subscriptions', 'C_POLICE');
    expect(reply.title).toBe('This channel gets the Police digest.');
    expect(text).toContain('Subscribed by Jane Smith on 1 Apr 2026.');
    expect(text).not.toContain('Every subscription');
  });

  it('shows a steward (or the CLI operator) every subscription', async () => {
    const { text } = await say(cli, 'subscriptions');
    expect(text).toContain('Every subscription (3)');
    expect(text).toContain('Police: Slack channel C_POLICE (by Jane Smith, 1 Apr 2026)');
    expect(text).toContain('Health: Teams conversation 19:abc@thread.tacv2');
    expect(text).toContain('whole plan: Slack channel C_PLAN');
  });
});

describe('digest preview', () => {
  it("shows the channel's digest to the person asking", async () => {
    await f.update('7', 'on-track', 'Team recruited', nz('2026-03-31 10:00'));
    const { reply, text } = await say(ivan, 'digest preview', 'C_POLICE');
    expect(reply.title).toBe('Preview: TSOC Action Plan digest for New Zealand Police — 1 Apr 2026');
    expect(text).toContain('Changes since Mon, 30 Mar 2026, 9:00 am (1)');
    expect(text).toContain('7: Not started → On track (1 update) — Team recruited');
  });

  it('shows a named agency, or the whole plan', async () => {
    expect((await say(jane, 'digest preview customs', 'C_POLICE')).reply.title).toContain('digest for New Zealand Customs Service');
    expect((await say(ivan, 'digest preview all')).reply.title).toContain('digest for the whole plan');
    expect((await say(ivan, 'digest preview')).reply.title).toContain('digest for New Zealand Customs Service'); // his own agency
    expect((await say(jane, 'digest preview nowhere')).reply.code).toBe('unknown-agency');
  });
});

describe('digest status', () => {
  it('is for stewards', async () => {
    expect((await say(jane, 'digest status')).reply).toMatchObject({ code: 'not-permitted', title: 'Only plan stewards can see digest status.' });
  });

  it('lists each subscription for the latest slot', async () => {
    clock.now = nz('2026-04-07 09:00'); // Tuesday: the slot (Monday 6 April is Easter Monday, so the digest moves to the next working day)
    await service.runSlot(clock.now);
    clock.now = nz('2026-04-07 09:30');
    const { reply, text } = await say(stew, 'digest status');
    expect(reply.title).toBe('Digests due Tue, 7 Apr 2026, 9:00 am: 1 pending, 2 sent');
    expect(text).toContain('Health → Teams conversation 19:abc@thread.tacv2: pending: this server has no Teams connection to send it');
    expect(text).toMatch(/Police → Slack channel C_POLICE: sent Tue, 7 Apr 2026, 9:00 am/);
    expect(text).toContain('Next digest: Mon, 13 Apr 2026, 9:00 am');
  });
});

describe('the CLI (no scheduler in the process)', () => {
  it('reads the same subscriptions and digest status from the database', async () => {
    const cliEngine = makeEngine(createDigestCommandsFor({ db: f.db, writes: directWrites, config: { DIGEST_SCHEDULE: '0 9 * * 1', PLAN_TIMEZONE: 'Pacific/Auckland' } }));
    const status = replyToText(await cliEngine.run('digest status', cli));
    expect(status).toContain('Digests due Tue, 7 Apr 2026, 9:00 am: 1 pending, 2 sent');
    expect(status).toContain('Health → Teams conversation 19:abc@thread.tacv2: pending (not started yet)');
    expect(replyToText(await cliEngine.run('subscriptions', cli))).toContain('Every subscription (3)');
  });
});

describe('unsubscribe', () => {
  it('is refused to a non-member and done for a member', async () => {
    expect((await say(ivan, 'unsubscribe', 'C_POLICE')).reply).toMatchObject({ code: 'not-permitted', title: "You can't unsubscribe this channel from the Police digest." });
    expect((await say(jane, 'unsubscribe', 'C_POLICE')).reply).toMatchObject({ ok: true, title: 'This channel will no longer get the Police digest.' });
    expect(await f.subscriptions.subscription('slack:C_POLICE')).toBeUndefined();
    expect((await say(jane, 'unsubscribe', 'C_POLICE')).reply.title).toBe('This channel has no digest subscription.');
  });
});

describe('when the database is down', () => {
  it('says the subscription was not saved', async () => {
    const dead = new MongoClient('mongodb://127.0.0.1:1/', { serverSelectionTimeoutMS: 300 });
    const down = makeEngine(createDigestCommands({
      digests: new MongoSubscriptionStore(dead.db('nowhere'), directWrites),
      schedule: createSchedule('0 9 * * 1', 'Pacific/Auckland'),
      deliverable: () => ['slack'],
      planStart: async () => new Date('2026-01-01T00:00:00Z'),
    }));
    const reply = await down.run('subscribe police', jane, inSlack('C_DOWN'));
    expect(reply).toMatchObject({ ok: false, code: 'unavailable', title: 'The database is not reachable, so nothing was saved.' });
    const status = await down.run('digest status', stew);
    expect(status).toMatchObject({ ok: false, code: 'unavailable' });
    await dead.close();
  });
});

// Staff of one agency trying to update another agency's action through every
// Slack way in: the /tsoc command, a direct message, an @mention, the update
// modal submitted with forged metadata, and App Home (a forged button for an
// item not on their tab, then the modal it opens). Each is refused with the
// names of who can, nothing is stored, nothing is announced. Stewards' powers
// (grant, revoke, tag) and other agencies' digests are refused the same way.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../fakes/slack-api.js';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { forbiddenUpdate, ownItems } from './support/cross-agency.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { planData, snapshot, type RecordSnapshot } from './support/plan-record.js';
import { buttonClick, modalSubmission } from '../support/slack-payloads.js';
import { slackEncode } from './support/slack-text.js';

let s: SlackBot;
let before: RecordSnapshot;
let planBefore: string;
const db = () => s.db.db(s.config.MONGODB_DB);

/** Slack people and their one agency each. */
const STAFF: [FakeUser, string][] = [[PEOPLE.jane, 'police'], [PEOPLE.ivan, 'customs'], [PEOPLE.mere, 'ird']];
const attempt = fc.constantFrom(...STAFF).chain(([user, agency]) => forbiddenUpdate([agency]).map((u) => ({ user, ...u })));

beforeAll(async () => {
  s = await startSlackBot();
  before = await snapshot(db());
  planBefore = await planData(db());
});
afterAll(() => s.close());
beforeEach(() => s.slack.reset());

/** Nothing in the record changed and nothing reached a channel, a response_url or App Home. */
async function expectNothingHappened(): Promise<void> {
  await new Promise((r) => setTimeout(r, 100)); // an announcement would follow the answer within this
  expect(await snapshot(db())).toEqual(before);
  expect(s.slack.callsTo('chat.postMessage').filter((c) => !String(c.params.channel).startsWith('D'))).toEqual([]);
  expect(s.slack.callsTo('views.publish')).toEqual([]);
  expect(s.slack.responses.filter((r) => (r.body.response_type as string | undefined) === 'in_channel')).toEqual([]);
}

describe('another agency\u2019s action', () => {
  it('is refused through /tsoc update', { timeout: fuzzTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(attempt, async ({ user, itemId, status, note }) => {
        const res = await s.command(`update ${itemId} ${status} ${slackEncode(note)}`, user, { channel_id: 'C0PLAN' });
        expect(res.status).toBe(200);
        expect(allText(res.json)).toContain(`You can't update ${itemId}.`);
        expect(allText(res.json)).toMatch(new RegExp(`Only members of .+ \\(or a plan steward\\) can update ${itemId}\\.`));
      }),
      fuzzParams(25),
    );
    await expectNothingHappened();
  });

  it('is refused in a direct message and in an @mention', { timeout: fuzzTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(attempt, fc.boolean(), async ({ user, itemId, status, note }, mention) => {
        s.slack.reset();
        const channel = mention ? 'C0PLAN' : `D0${user.id}`;
        const text = `${mention ? '<@U0BOT> ' : ''}update ${itemId} ${status} ${slackEncode(note)}`;
        const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
        const event = mention ? { type: 'app_mention', user: user.id, channel, text, ts } : { type: 'message', channel_type: 'im', user: user.id, channel, text, ts };
        expect((await s.event(event)).status).toBe(200);
        const reply = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').find((c) => c.params.channel === channel));
        expect(allText(reply.params)).toContain(`You can't update ${itemId}.`);
        expect(s.slack.callsTo('chat.postMessage')).toHaveLength(1);
      }),
      fuzzParams(12),
    );
    expect(await snapshot(db())).toEqual(before);
  });

  it('is refused when the update modal is submitted with forged metadata', { timeout: fuzzTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(attempt, fc.boolean(), async ({ user, itemId, status, note }, fromHome) => {
        s.slack.reset();
        const metadata = JSON.stringify({ itemId, channelId: 'C0PLAN', responseUrl: s.slack.responseUrl('forged-modal'), ...(fromHome ? { fromHome: true } : {}) });
        const res = await s.interaction(modalSubmission(user, metadata, status.replace('done', 'complete').replace('green', 'on-track').replace('amber', 'at-risk'), note));
        expect(res.status).toBe(200);
        expect(res.json?.response_action).toBe('update');
        expect(allText(res.json)).toContain(`You can't update ${itemId}.`);
        await expectNothingHappened();
        expect(s.slack.responses.filter((r) => r.id === 'forged-modal')).toEqual([]);
      }),
      fuzzParams(15),
    );
  });

  it.each(STAFF.map(([user, agency]) => [user.realName, user, agency] as const))(
    'is missing from %s\u2019s App Home, and a forged Home button leads only to a refusal',
    async (_name, user, agency) => {
      await s.event({ type: 'app_home_opened', user: user.id, channel: `D0${user.id}`, tab: 'home', event_ts: `${Date.now() / 1000}` });
      const publish = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
      const view = publish.params.view as { blocks: { accessory?: { value: string } }[] };
      const buttons = view.blocks.flatMap((b) => (b.accessory ? [b.accessory.value] : []));
      expect(buttons).toEqual(ownItems([agency]));

      const [foreign] = fc.sample(forbiddenUpdate([agency]), { numRuns: 1, seed: user.id.length });
      s.slack.reset();
      const click = buttonClick(user, foreign!.itemId, { home: true });
      expect((await s.interaction(click)).status).toBe(200);
      const open = await s.slack.waitFor(() => s.slack.callsTo('views.open')[0]);
      const modal = open.params.view as { private_metadata: string };
      expect(JSON.parse(modal.private_metadata)).toMatchObject({ itemId: foreign!.itemId, fromHome: true });
      const res = await s.interaction(modalSubmission(user, modal.private_metadata, 'complete', 'From a forged Home button'));
      expect(allText(res.json)).toContain(`You can't update ${foreign!.itemId}.`);
      await expectNothingHappened();
    },
  );

  it('is refused from a button on another agency\u2019s action card, through the modal', async () => {
    const click = buttonClick(PEOPLE.ivan, '7', { channelId: 'C0PLAN', responseUrl: s.slack.responseUrl('card-7') });
    await s.interaction(click);
    const open = await s.slack.waitFor(() => s.slack.callsTo('views.open')[0]);
    const res = await s.interaction(modalSubmission(PEOPLE.ivan, (open.params.view as { private_metadata: string }).private_metadata, 'off-track', 'Customs says so'));
    expect(allText(res.json)).toContain("You can't update 7.");
    expect(allText(res.json)).toContain('Only members of Police (or a plan steward) can update 7.');
    await expectNothingHappened();
    expect(s.slack.responses.filter((r) => r.id === 'card-7')).toEqual([]);
  });
});

describe('powers that are not theirs', () => {
  it.each([
    ['grant themselves the steward agency', 'grant jane.smith@police.govt.nz tsoc'],
    ['grant themselves by mention', `grant <@${PEOPLE.jane.id}|jane> TSOC Department/Agency`],
    ['grant themselves another agency', 'grant jane.smith@police.govt.nz customs'],
    ['revoke a steward', 'revoke steward@tsoc.example.nz tsoc'],
    ['revoke a colleague in another agency', 'revoke ivan@customs.govt.nz customs'],
    ['tag an action', 'tag 5 detect dismantle border'],
    ['clear an action\u2019s areas', 'tag 7 none'],
    ['subscribe a channel to another agency\u2019s digest', 'subscribe customs'],
    ['subscribe a channel to the whole plan', 'subscribe all'],
  ])('a Police officer cannot %s', async (_label, text) => {
    const res = await s.command(text, PEOPLE.jane, { channel_id: 'C0PLAN' });
    expect(res.status).toBe(200);
    expect(String(res.json?.text)).not.toMatch(/^(Saved|This channel will get)|is now a member|is no longer a member|tagged|Cleared/);
    await expectNothingHappened();
  });

  it('left the plan data untouched', async () => {
    expect(await planData(db())).toBe(planBefore);
  });
});

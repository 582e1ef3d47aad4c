// Staff of one agency trying to update another agency's action through every
// Teams way in: a typed message in a personal chat, an @mention in a channel,
// and the "Update status" form submitted with forged values (an item not
// theirs, a card they were never shown). Each is refused on a new card naming
// who can; nothing is stored, no card is replaced. A spoofed display name
// changes nothing: who someone is comes from Teams' member list.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardExecute, cardSubmit, cardText, cardTitle, message, type Person, type SentCard } from '../teams/support/activities.js';
import { startTeamsBot, type TeamsBot } from '../teams/support/teams-bot.js';
import { forbiddenUpdate } from './support/cross-agency.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { planData, snapshot, type RecordSnapshot } from './support/plan-record.js';

let t: TeamsBot;
let before: RecordSnapshot;
let planBefore: string;
const db = () => t.bot.database.db;

const STAFF: [Person, string[]][] = [[PEOPLE.police, ['police']], [PEOPLE.ird, ['ird']], [PEOPLE.customsUpn, ['customs']], [PEOPLE.outsider, []]];
const attempt = fc.constantFrom(...STAFF).chain(([person, agencies]) => forbiddenUpdate(agencies).map((u) => ({ person, ...u })));

beforeAll(async () => {
  t = await startTeamsBot();
  before = await snapshot(db());
  planBefore = await planData(db());
});
afterAll(async () => {
  expect(await planData(db())).toBe(planBefore);
  await t.stop();
});
beforeEach(() => t.connector.reset());

/** One new card came back, refusing `itemId`; nothing was replaced or stored. */
async function expectRefused(itemId: string): Promise<void> {
  const cards = t.cardsSince(0);
  expect(cards).toHaveLength(1);
  expect(cardTitle(cards[0]!)).toBe(`You can't update ${itemId}.`);
  expect(cardText(cards[0]!)).toMatch(new RegExp(`Only members of .+ \\(or a plan steward\\) can update ${itemId}\\.`));
  expect(t.connector.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  expect(await snapshot(db())).toEqual(before);
}

describe('another agency\u2019s action', () => {
  it('is refused in a typed message, in a personal chat or as a channel @mention', { timeout: fuzzTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(attempt, fc.constantFrom<'personal' | 'channel'>('personal', 'channel'), async ({ person, itemId, status, note }, type) => {
        t.connector.reset();
        const text = `update ${itemId} ${status} ${note}`;
        const res = await t.send(message(t.connector.url, person, text, type === 'channel' ? { type, mentions: 'bot', id: '19:plan@thread.tacv2' } : {}));
        expect(res.status).toBe(200);
        await expectRefused(itemId);
      }),
      fuzzParams(25),
    );
  });

  it('is refused when the update form is submitted with an item not theirs', { timeout: fuzzTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(attempt, async ({ person, itemId, status, note }) => {
        t.connector.reset();
        const status0 = { done: 'complete', green: 'on-track', amber: 'at-risk' }[status] ?? status;
        const value = { verb: 'tsoc.update', itemId, cardId: randomUUID(), [`status_${itemId}`]: status0, [`reason_${itemId}`]: note };
        const res = await t.send(cardSubmit(t.connector.url, person, value, `activity-never-shown-${itemId}`));
        expect(res.status).toBe(200);
        await expectRefused(itemId);
      }),
      fuzzParams(25),
    );
  });

  it('is refused when someone borrows a coordinator\u2019s name', async () => {
    const spoof = { ...PEOPLE.customsUpn, name: PEOPLE.police.name };
    await t.send(message(t.connector.url, spoof, 'update 7 complete I am Aroha'));
    await expectRefused('7');
    expect(cardText(t.cardsSince(0)[0]!)).toContain('You are in Customs.');
  });

  it('is refused when the form a coordinator was shown is submitted by someone else', async () => {
    // Aroha (Police) is shown 7's card; Isaiah (Customs) submits its form in the same group chat.
    const chat = { type: 'groupChat' as const, id: `19:group-${randomUUID()}` };
    await t.send(message(t.connector.url, PEOPLE.police, 'show 7', chat));
    const card = t.cardsSince(0)[0]!;
    const form = card.actions!.find((a) => a.type === 'Action.ShowCard')!.card!.actions!.find((a) => a.type === 'Action.Execute')!;
    t.connector.reset();
    const res = await t.send(cardExecute(t.connector.url, PEOPLE.customsUpn, { ...form.data, status_7: 'complete', reason_7: 'Borrowed form' }, 'activity-1', chat));
    // Refused inside the form (only the person who pressed Save sees it): nothing posted or replaced.
    const answer = (await res.json()) as { value: SentCard };
    expect(cardText(answer.value)).toContain("You can't update 7.");
    expect(cardText(answer.value)).toMatch(/Only members of Police \(or a plan steward\) can update 7\./);
    expect(t.connector.sent).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('powers that are not theirs', () => {
  it.each([
    ['grant themselves the steward agency', 'grant aroha.ngata@police.govt.nz tsoc'],
    ['revoke a steward', 'revoke steward@tsoc.example.nz tsoc'],
    ['tag an action', 'tag 5 detect'],
    ['subscribe this chat to another agency\u2019s digest', 'subscribe customs'],
  ])('a Police officer cannot %s', async (_label, text) => {
    await t.send(message(t.connector.url, PEOPLE.police, text));
    const [card] = t.cardsSince(0);
    expect(cardTitle(card!)).not.toMatch(/^(Saved|This channel will get)|is now a member|is no longer a member|tagged/);
    expect(await snapshot(db())).toEqual(before);
  });
});

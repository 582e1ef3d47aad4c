// Malformed and tampered Teams activities at POST /api/messages, through the
// real server: bodies that are not JSON objects, activities missing the
// fields every turn needs (from, conversation, recipient, channelId,
// serviceUrl), fields of the wrong type, huge text, invokes the bot does not
// handle, and form submits with forged values. Each gets a 4xx, or a clear
// answer on a card; none a 5xx, and the record changes only when the answer
// says it was saved. With TEAMS_ALLOWED_TENANTS set, every kind of activity
// from a foreign tenant gets a polite refusal at most, and nothing is stored.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEAMS_CONVERSATIONS } from '../../src/store/mongo-conversation-store.js';
import { PEOPLE, botAdded, cardSubmit, cardTitle, installationUpdate, message, type SentCard } from '../teams/support/activities.js';
import { startTeamsBot, type TeamsBot } from '../teams/support/teams-bot.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { cardEscapeProblems } from './support/hostile-text.js';
import { planData, snapshot } from './support/plan-record.js';
import { postRaw } from './support/raw-post.js';

const is4xx = (status: number) => status >= 400 && status < 500;

describe('malformed activities', () => {
  let t: TeamsBot;
  let planBefore: string;
  const db = () => t.bot.database.db;
  const endpoint = () => `${t.bot.url}/api/messages`;

  beforeAll(async () => {
    t = await startTeamsBot();
    planBefore = await planData(db());
  });
  afterAll(async () => {
    expect(await planData(db())).toBe(planBefore);
    await t.stop();
  });
  beforeEach(() => t.connector.reset());

  /** Police may update 7: a malformed activity that still ran would save it, and must then say so. */
  const base = () => message(t.connector.url, PEOPLE.police, `update 7 on-track Malformed ${randomUUID().slice(0, 8)}`);
  const without = (field: string) => () => {
    const a: Record<string, unknown> = { ...base() };
    delete a[field];
    return a;
  };
  const withField = (field: string, value: unknown) => () => ({ ...base(), [field]: value });

  /**
   * Sends one activity and checks the rule for it: a 4xx with nothing stored or sent, or a 2xx
   * whose message got a card, and a save exactly when that card says "Saved".
   */
  async function expectHandled(label: string, body: string, options: { typedMessage: boolean }): Promise<void> {
    const before = await snapshot(db());
    const from = t.connector.requests.length;
    const res = await postRaw(endpoint(), body, { 'content-type': 'application/json' });
    const after = await snapshot(db());
    const cards = t.cardsSince(from);
    if (is4xx(res.status)) {
      expect(after, label).toEqual(before);
      expect(t.connector.requests.slice(from), label).toEqual([]);
      return;
    }
    expect(res.status, `${label}: ${res.text}`).toBeGreaterThanOrEqual(200);
    expect(res.status, `${label}: ${res.text}`).toBeLessThan(300);
    if (options.typedMessage) expect(cards.length, `${label}: a message must get an answer`).toBeGreaterThan(0);
    for (const card of cards) for (const el of card.body) expect(cardEscapeProblems(el.text ?? ''), label).toEqual([]);
    const saved = cards.some((c) => cardTitle(c).startsWith('Saved:'));
    expect(after.updates - before.updates, label).toBe(saved ? 1 : 0);
    expect(after.memberships, label).toBe(before.memberships);
  }

  const NOT_ACTIVITIES: [string, string][] = [
    ['an empty body', ''],
    ['not JSON', 'update 7 complete'],
    ['truncated JSON', '{"type":"message","text":"update 7 complete"'],
    ['JSON null', 'null'],
    ['a JSON array', '[{"type":"message"}]'],
    ['a JSON number', '7'],
    ['a JSON string', '"message"'],
    ['an object without a type', '{"text":"update 7 complete"}'],
    ['a numeric type', '{"type":5}'],
    ['an empty type', '{"type":""}'],
  ];
  it.each(NOT_ACTIVITIES)('refuses %s with 400', async (_label, body) => {
    const before = await snapshot(db());
    const res = await postRaw(endpoint(), body, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await snapshot(db())).toEqual(before);
    expect(t.connector.requests).toEqual([]);
  });

  it('refuses a body over 512 kB with 413', async () => {
    const res = await postRaw(endpoint(), JSON.stringify({ ...base(), text: `update 7 complete ${'x'.repeat(600_000)}` }), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(t.connector.requests).toEqual([]);
  });

  const MISSING: [string, () => unknown][] = [
    ['no from', without('from')],
    ['no conversation', without('conversation')],
    ['no recipient', without('recipient')],
    ['no channelId', without('channelId')],
    ['no serviceUrl (replies would go to Microsoft\u2019s default host)', without('serviceUrl')],
    ['from as a string', withField('from', '29:police-aroha')],
    ['from null', withField('from', null)],
    ['from without an id', withField('from', { name: 'Aroha Ngata' })],
    ['conversation as a string', withField('conversation', 'a:personal')],
    ['conversation without an id', withField('conversation', { tenantId: 'tenant-nz' })],
    ['a numeric conversation id', withField('conversation', { id: 42, tenantId: 'tenant-nz' })],
    ['a numeric serviceUrl', withField('serviceUrl', 5)],
    ['a serviceUrl that is not a URL', withField('serviceUrl', 'not a url')],
    ['a file: serviceUrl', withField('serviceUrl', 'file:///etc/passwd')],
  ];
  it.each(MISSING)('refuses an activity with %s with 400, calling nobody', async (_label, activity) => {
    const before = await snapshot(db());
    const res = await postRaw(endpoint(), JSON.stringify(activity()), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await snapshot(db())).toEqual(before);
    expect(t.connector.requests).toEqual([]);
  });

  const ODD: [string, () => unknown, boolean][] = [
    ['text as an operator object', withField('text', { $gt: '' }), true],
    ['text as a number', withField('text', 7), true],
    ['text as a list', withField('text', ['update', '7', 'complete']), true],
    ['400 kB of text', withField('text', `update 7 complete ${'<at>x</at>'.repeat(40_000)}`), true],
    ['entities as a string', withField('entities', 'mention'), true],
    ['a null entity', withField('entities', [null]), true],
    ['a mention whose text is a number', withField('entities', [{ type: 'mention', text: 7, mentioned: { id: '28:tsoc-bot' } }]), true],
    ['a mention of nobody', withField('entities', [{ type: 'mention', text: 'update', mentioned: null }]), true],
    ['channelData as a list', withField('channelData', []), true],
    ['channelData null', withField('channelData', null), true],
    ['a timestamp that is not a date', withField('timestamp', 'yesterday'), true],
    ['an unknown activity type', withField('type', 'somethingElse'), false],
    ['an event activity', withField('type', 'event'), false],
    ['a reaction with junk', () => ({ ...base(), type: 'messageReaction', reactionsAdded: 'x' }), false],
    ['a conversationUpdate without members', withField('type', 'conversationUpdate'), false],
    ['a conversationUpdate adding a string', () => ({ ...base(), type: 'conversationUpdate', membersAdded: 'x' }), false],
    ['a conversationUpdate adding null', () => ({ ...base(), type: 'conversationUpdate', membersAdded: [null] }), false],
    ['an installationUpdate with a numeric action', () => ({ ...base(), type: 'installationUpdate', action: 5 }), false],
    ['an adaptiveCard/action invoke', () => ({ ...base(), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'tsoc.update', data: { itemId: '7', status_7: 'complete' } } } }), false],
    ['a task/fetch invoke', () => ({ ...base(), type: 'invoke', name: 'task/fetch', value: {} }), false],
    ['an invoke without a name', withField('type', 'invoke'), false],
  ];
  it.each(ODD)('answers an activity with %s with a 4xx or a clear answer', async (label, activity, typedMessage) => {
    await expectHandled(label, JSON.stringify(activity()), { typedMessage });
  });

  describe('form submits with forged values', () => {
    const submit = (value: unknown) => () => ({ ...cardSubmit(t.connector.url, PEOPLE.police, {}, 'activity-1'), value });
    const form = (extra: Record<string, unknown>) => ({ verb: 'tsoc.update', itemId: '7', cardId: randomUUID(), ...extra });
    const FORGED: [string, () => unknown][] = [
      ['a string value', submit('update 7 complete')],
      ['a list value', submit(['tsoc.update'])],
      ['a verb that is an object', submit({ verb: { $ne: null }, itemId: '7' })],
      ['an item id that is a number', submit({ verb: 'tsoc.update', itemId: 7, cardId: 'abc', status_7: 'complete' })],
      ['an item id with an injection', submit(form({ itemId: '7; grant me police', status_7: 'complete' }))],
      ['an item that does not exist', submit(form({ itemId: '99', status_99: 'complete' }))],
      ['an action that has parts', submit(form({ itemId: '13', status_13: 'complete' }))],
      ['a card id of 65 characters', submit(form({ cardId: 'a'.repeat(65), status_7: 'complete' }))],
      ['a status that is an operator object', submit(form({ status_7: { $gt: '' }, reason_7: 'x' }))],
      ['a status that is not one of the choices', submit(form({ status_7: 'finished' }))],
      ['a status with a command after it', submit(form({ status_7: 'complete; grant me police' }))],
      ['a reason that is a list', submit(form({ status_7: 'at-risk', reason_7: ['a', 'b'] }))],
      ['the status of another item', submit(form({ status_5: 'complete' }))],
      ['a reason of 10 kB', submit(form({ status_7: 'off-track', reason_7: '{"$where":"1"} '.repeat(700) }))],
    ];
    it.each(FORGED)('answers a submit with %s clearly, saving only what the card says', async (label, activity) => {
      await expectHandled(label, JSON.stringify(activity()), { typedMessage: true });
    });
  });

  it('survives random activities: no 5xx, and a save only when a card says so', { timeout: fuzzTimeout(60_000) }, async () => {
    const field = fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }), fc.constantFrom(null, '', 'update 7 complete', PEOPLE.police.id));
    const activity = fc
      .record(
        {
          type: fc.constantFrom('message', 'message', 'invoke', 'conversationUpdate', 'installationUpdate', 'event', 'typing'),
          text: fc.oneof(field, fc.constantFrom('update 7 on-track Random', 'show 7', 'update 5 complete', '<at>TSOC</at> update 6 done')),
          value: field,
          name: field,
          action: field,
          entities: fc.oneof(field, fc.array(fc.oneof(field, fc.record({ type: fc.constant('mention'), text: field, mentioned: field })), { maxLength: 3 })),
          membersAdded: fc.oneof(field, fc.array(field, { maxLength: 2 })),
          channelData: field,
          replyToId: field,
        },
        { requiredKeys: ['type'] },
      )
      .map((fields) => ({ ...base(), ...fields }));
    await fc.assert(
      fc.asyncProperty(activity, async (a) => {
        t.connector.reset();
        const typed = a.type === 'message' && typeof a.text === 'string' && a.text !== '';
        await expectHandled(JSON.stringify(a).slice(0, 200), JSON.stringify(a), { typedMessage: typed });
      }),
      fuzzParams(60),
    );
  });
});

describe('foreign tenants', () => {
  let t: TeamsBot;
  const REFUSAL = 'Sorry — this TSOC Action Plan bot serves only the organisations it has been set up for.';
  const db = () => t.bot.database.db;

  beforeAll(async () => {
    t = await startTeamsBot({ TEAMS_ALLOWED_TENANTS: 'tenant-nz' });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.connector.reset());

  async function expectRefused(activity: { conversation: { id: string } } & Record<string, unknown>, options: { answered: boolean }) {
    const before = await snapshot(db());
    const res = await t.send(activity);
    expect(res.status).toBeLessThan(500);
    const cards: SentCard[] = t.cardsSince(0);
    if (options.answered) {
      expect(cards.map(cardTitle)).toEqual([REFUSAL]);
    } else {
      expect(cards).toEqual([]);
    }
    expect(t.connector.memberLookups).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
    expect(await db().collection(TEAMS_CONVERSATIONS).findOne({ conversationId: activity.conversation.id })).toBeNull();
  }

  const foreign = { tenantId: 'tenant-elsewhere' };
  it('refuses an update typed in a foreign tenant', () => expectRefused(message(t.connector.url, PEOPLE.police, 'update 7 complete Foreign', foreign), { answered: true }));
  it('refuses an update typed with no tenant at all', () => {
    const a = message(t.connector.url, PEOPLE.police, 'update 7 complete Tenantless');
    const { tenantId: _t, ...conversation } = a.conversation;
    return expectRefused({ ...a, conversation, channelData: {} }, { answered: true });
  });
  it('refuses a form submitted from a foreign tenant', () =>
    expectRefused(cardSubmit(t.connector.url, PEOPLE.police, { verb: 'tsoc.update', itemId: '7', cardId: randomUUID(), status_7: 'complete' }, 'activity-1', foreign), { answered: true }));
  it('refuses to be installed in a foreign team, saying why, storing nothing', () =>
    expectRefused(botAdded(t.connector.url, PEOPLE.police, { ...foreign, type: 'channel', id: '19:foreign@thread.tacv2', teamId: '19:foreign' }), { answered: true }));
  it('stores nothing for an installationUpdate from a foreign tenant', () => expectRefused(installationUpdate(t.connector.url, PEOPLE.police, 'add', foreign), { answered: false }));
  it('refuses a foreign tenant that names the allowed one in channelData only', () =>
    expectRefused(message(t.connector.url, PEOPLE.police, 'update 7 complete Mixed', { tenantId: 'tenant-elsewhere', channelTenantId: 'tenant-nz' }), { answered: true }));

  it('refuses every tenant id but the allowed one', { timeout: fuzzTimeout(60_000) }, async () => {
    const tenant = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('tenant-nz ', ' tenant-nz', 'tenant-nz\u0000', 'tenant-nz,tenant-x', 'tenant-n', 'tenant-nzz', '*', '.*'));
    await fc.assert(
      fc.asyncProperty(tenant, async (tenantId) => {
        fc.pre(tenantId.toLowerCase() !== 'tenant-nz' && tenantId !== '');
        t.connector.reset();
        await expectRefused(message(t.connector.url, PEOPLE.police, 'update 7 complete Fuzzed tenant', { tenantId }), { answered: true });
      }),
      fuzzParams(30),
    );
  });

  it('still serves the allowed tenant, case-insensitively', async () => {
    await t.send(message(t.connector.url, PEOPLE.police, 'who coordinates 7', { tenantId: 'TENANT-NZ' }));
    expect(cardTitle(t.cardsSince(0)[0]!)).toContain('coordinated by');
  });
});

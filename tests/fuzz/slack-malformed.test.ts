// Malformed and forged requests at POST /slack/events, through the real
// server: bodies Slack never sends (bad encodings, missing fields, the wrong
// content type, JSON where a form belongs, broken payload= JSON, primitives
// and null, huge bodies), each signed correctly and unsigned; and a valid
// update sent with every kind of wrong signature. None may get a 5xx, hang,
// stop the process or change the record.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, SIGNING_SECRET, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { FORM, JSON_TYPE, sign, slashCommandBody } from '../support/slack-requests.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { planData, snapshot, type RecordSnapshot } from './support/plan-record.js';
import { postChunked, postRaw, slackHeaders } from './support/raw-post.js';

let s: SlackBot;
let before: RecordSnapshot;
let planBefore: string;
const db = () => s.db.db(s.config.MONGODB_DB);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });

beforeAll(async () => {
  s = await startSlackBot();
  // Police may update 7: any forged or malformed request that got through would save it.
  before = await snapshot(db());
  planBefore = await planData(db());
});
afterAll(async () => {
  await s.close();
});

/** Jane (Police) setting 7, which she may do: the request a forger would want through. */
const validUpdate = () =>
  slashCommandBody({ text: 'update 7 complete Forged', user_id: PEOPLE.jane.id, response_url: s.slack.responseUrl('forged'), channel_id: 'C0FORGED' });

const MALFORMED: [label: string, body: () => string, contentType: string | undefined][] = [
  ['an empty form', () => '', FORM],
  ['an empty JSON body', () => '', JSON_TYPE],
  ['JSON null', () => 'null', JSON_TYPE],
  ['payload=null', () => 'payload=null', FORM],
  ['a JSON number', () => '5', JSON_TYPE],
  ['a JSON string', () => '"update 7 complete"', JSON_TYPE],
  ['a JSON array', () => '[{"type":"event_callback"}]', JSON_TYPE],
  ['a JSON object without a type', () => '{}', JSON_TYPE],
  ['JSON sent as a form', () => JSON.stringify({ command: '/tsoc', text: 'update 7 complete', user_id: PEOPLE.jane.id }), FORM],
  ['a form sent as JSON', validUpdate, JSON_TYPE],
  ['a form with a charset (Slack sends exactly application/x-www-form-urlencoded)', validUpdate, `${FORM}; charset=utf-8`],
  ['a form as text/plain', validUpdate, 'text/plain'],
  ['a form with no content type', validUpdate, undefined],
  ['a form as multipart', validUpdate, 'multipart/form-data; boundary=x'],
  ['bad percent-encoding', () => 'command=%2Ftsoc&text=update%207%20complete%E0%A4%A&user_id=%ZZ&response_url=%', FORM],
  ['a command and nothing else', () => 'command=/tsoc', FORM],
  ['a command without a user', () => form({ command: '/tsoc', text: 'update 7 complete' }), FORM],
  ['a command with every field twice', () => `${validUpdate()}&${validUpdate()}`, FORM],
  ['a command with an operator object for text', () => 'command=/tsoc&text[$gt]=&user_id=U0JANE', FORM],
  ['payload= with broken JSON', () => 'payload=%7Bbroken', FORM],
  ['payload= an array', () => payload([]), FORM],
  ['payload= an empty object', () => payload({}), FORM],
  ['payload= a string', () => payload('update 7 complete'), FORM],
  ['payload= a number', () => 'payload=7', FORM],
  ['a button click without actions', () => payload({ type: 'block_actions', user: { id: PEOPLE.jane.id } }), FORM],
  ['a button click with a null action', () => payload({ type: 'block_actions', user: { id: PEOPLE.jane.id }, actions: [null] }), FORM],
  ['a modal submission without a view', () => payload({ type: 'view_submission', user: { id: PEOPLE.jane.id } }), FORM],
  ['a modal submission with a null state', () => payload({ type: 'view_submission', user: { id: PEOPLE.jane.id }, view: { id: 'V1', callback_id: 'tsoc_update_modal', private_metadata: '{"itemId":"7"}', state: null } }), FORM],
  ['an event callback without an event', () => JSON.stringify({ type: 'event_callback', event_id: 'EvNone' }), JSON_TYPE],
  ['an event callback with a null event', () => JSON.stringify({ type: 'event_callback', event_id: 'EvNull', event: null }), JSON_TYPE],
  ['a DM event without a user', () => JSON.stringify({ type: 'event_callback', event_id: 'EvNoUser', event: { type: 'message', channel_type: 'im', channel: 'D0', text: 'update 7 complete' } }), JSON_TYPE],
  ['a DM event whose text is an object', () => JSON.stringify({ type: 'event_callback', event_id: 'EvObj', event: { type: 'message', channel_type: 'im', channel: 'D0', user: PEOPLE.jane.id, ts: '1.1', text: { $gt: '' } } }), JSON_TYPE],
  ['an App Home event without a user', () => JSON.stringify({ type: 'event_callback', event_id: 'EvHome', event: { type: 'app_home_opened', tab: 'home' } }), JSON_TYPE],
];

const is2xxOr4xx = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500);

describe('malformed bodies', () => {
  // Bolt answers a request no listener acknowledges with 404 after 3 s, so the cases run side by side.
  it('signed correctly: each gets a 2xx or 4xx, none stores anything', { timeout: fuzzTimeout(30_000) }, async () => {
    const results = await Promise.all(
      MALFORMED.map(async ([label, body, type]) => {
        const text = body();
        const res = await postRaw(s.eventsUrl, text, slackHeaders(SIGNING_SECRET, text, type)).catch((err: Error) => ({ status: 0, text: err.message }));
        return { label, status: res.status };
      }),
    );
    expect(results.filter((r) => !is2xxOr4xx(r.status))).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });

  it('unsigned: each is refused with 401 before anything runs', { timeout: fuzzTimeout(30_000) }, async () => {
    const calls = s.slack.calls.length;
    const results = await Promise.all(
      MALFORMED.map(async ([label, body, type]) => ({ label, status: (await postRaw(s.eventsUrl, body(), type ? { 'content-type': type } : {})).status })),
    );
    expect(results.filter((r) => r.status !== 401)).toEqual([]);
    expect(s.slack.calls.slice(calls).filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });

  it('answers a signed slash command carrying 100 kB of text (under the 128 KiB body limit) with a clear refusal', async () => {
    const body = slashCommandBody({ text: `update 7 complete ${'x '.repeat(50_000)}`, user_id: PEOPLE.jane.id, response_url: s.slack.responseUrl('huge') });
    const res = await postRaw(s.eventsUrl, body, slackHeaders(SIGNING_SECRET, body, FORM));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).text).toMatch(/^That message is [\d,]+ characters; commands are limited to 4,000\./);
    expect(await snapshot(db())).toEqual(before);
  });

  it.each([
    ['with its size declared', false],
    ['streamed without a declared size', true],
  ])('refuses a 2 MB body %s with 413, and keeps serving', async (_label, chunked) => {
    const size = 2 * 1024 * 1024;
    const res = chunked
      ? await postChunked(s.eventsUrl, { 'content-type': FORM }, size)
      : await postRaw(s.eventsUrl, `payload=${'a'.repeat(size)}`, slackHeaders(SIGNING_SECRET, `payload=${'a'.repeat(size)}`, FORM));
    expect(res.status).toBe(413);
    const ok = await s.command('who coordinates 7', PEOPLE.jane);
    expect(ok.status).toBe(200);
  });

  it('answers forged shapes Slack never sends at once, rather than leaving Bolt to time out', async () => {
    const twice = `${validUpdate()}&${validUpdate()}`;
    const res = await postRaw(s.eventsUrl, twice, slackHeaders(SIGNING_SECRET, twice, FORM));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).text).toContain('what you can ask'); // a text that is not one string reads as empty: help
    const nullState = payload({ type: 'view_submission', user: { id: PEOPLE.jane.id }, view: { id: 'VNULL', callback_id: 'tsoc_update_modal', private_metadata: '{"itemId":"7"}', state: null } });
    const modal = await postRaw(s.eventsUrl, nullState, slackHeaders(SIGNING_SECRET, nullState, FORM));
    expect(modal.status).toBe(200);
    expect(JSON.parse(modal.text)).toMatchObject({ response_action: 'errors' });
    expect(await snapshot(db())).toEqual(before);
  });

  it('answers other methods with 405', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(s.eventsUrl, { method, signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(405);
    }
  });

  it('takes a random body, signed, in any content type, without a 5xx or a stored change', { timeout: fuzzTimeout(60_000) }, async () => {
    const responseUrl = fc.constantFrom(s.slack.responseUrl('random'), '', 'not a url', '%');
    const field = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('/tsoc', 'update 7 complete', PEOPLE.jane.id, 'U0NOBODY', 'null', '{}', '[]'));
    const formBody = fc
      .dictionary(fc.constantFrom('command', 'text', 'user_id', 'channel_id', 'trigger_id', 'team_id', 'type', 'token', 'x'), field, { maxKeys: 7 })
      .chain((fields) => responseUrl.map((url) => form({ ...fields, response_url: url })));
    const payloadBody = fc
      .record({
        type: fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion', 'event_callback', 'x'),
        user: fc.option(fc.record({ id: fc.constantFrom(PEOPLE.jane.id, PEOPLE.ivan.id, 'U0NOBODY') }), { nil: undefined }),
        actions: fc.option(fc.array(fc.jsonValue(), { maxLength: 2 }), { nil: undefined }),
        view: fc.option(fc.jsonValue(), { nil: undefined }),
        trigger_id: fc.option(fc.string(), { nil: undefined }),
      })
      .map(payload);
    const body = fc.oneof(formBody, payloadBody, fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ unit: 'binary', maxLength: 200 }));
    const contentType = fc.constantFrom(FORM, FORM, JSON_TYPE, JSON_TYPE, 'text/plain', `${FORM}; charset=utf-8`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(body, contentType), { minLength: 12, maxLength: 12 }), async (requests) => {
        const statuses = await Promise.all(requests.map(async ([text, type]) => (await postRaw(s.eventsUrl, text, slackHeaders(SIGNING_SECRET, text, type))).status));
        expect(statuses.filter((st) => !is2xxOr4xx(st))).toEqual([]);
        expect(await snapshot(db())).toEqual(before);
      }),
      fuzzParams(3),
    );
  });
});

describe('signatures', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const CASES: [label: string, headers: (body: string) => Record<string, string>][] = [
    ['no signature headers at all', () => ({})],
    ['a signature without a timestamp', (b) => ({ 'x-slack-signature': sign(SIGNING_SECRET, now(), b) })],
    ['a timestamp without a signature', () => ({ 'x-slack-request-timestamp': String(now()) })],
    ['an empty signature', () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': '' })],
    ['a signature of zeros', () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': `v0=${'0'.repeat(64)}` })],
    ['another app\u2019s secret', (b) => slackHeaders('another-app-secret', b, undefined)],
    ['a signature over another body', (b) => slackHeaders(SIGNING_SECRET, b.replace('Forged', 'Other'), undefined)],
    ['a stale timestamp (6 minutes old)', (b) => slackHeaders(SIGNING_SECRET, b, undefined, now() - 6 * 60)],
    ['a timestamp that is not a number', (b) => ({ 'x-slack-request-timestamp': 'now', 'x-slack-signature': sign(SIGNING_SECRET, now(), b) })],
    ['a v1= signature', (b) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': sign(SIGNING_SECRET, now(), b).replace('v0=', 'v1=') })],
    ['an upper-case signature', (b) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': sign(SIGNING_SECRET, now(), b).toUpperCase() })],
    ['two signatures in one header', (b) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': `v0=${'0'.repeat(64)}, ${sign(SIGNING_SECRET, now(), b)}` })],
  ];

  it.each(CASES)('a valid update with %s is refused with 401; nothing stored or sent', async (_label, headers) => {
    const calls = s.slack.calls.length;
    const body = validUpdate();
    const res = await postRaw(s.eventsUrl, body, { 'content-type': FORM, ...headers(body) });
    expect(res.status).toBe(401);
    expect(await snapshot(db())).toEqual(before);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.slack.calls.slice(calls)).toEqual([]);
    expect(s.slack.responses.filter((r) => r.id === 'forged')).toEqual([]);
  });

  it.each([
    ['a valid update', () => `ssl_check=1&${validUpdate()}`],
    ['payload=null', () => 'ssl_check=1&payload=null'],
  ])('serves ssl_check unsigned, as Slack requires, but runs nothing smuggled in with it (%s)', async (_label, make) => {
    const body = make();
    const res = await postRaw(s.eventsUrl, body, { 'content-type': FORM });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(await snapshot(db())).toEqual(before);
    expect(s.slack.responses.filter((r) => r.id === 'forged')).toEqual([]);
  });

  it('left the plan data untouched', async () => {
    expect(await planData(db())).toBe(planBefore);
  });
});

// Hostile notes through the real Slack surface: a signed /tsoc update (and a
// direct message) carrying mentions, links, markup, operator objects, broken
// UTF-16, control and invisible characters. The record keeps each note
// literally (cleaned as docs/decisions/0009 says); everything Slack is sent back — the
// private answer, the channel announcement, later look-ups — is escaped, so
// no <!channel> pings, no link is forged, no user is mentioned.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { HOSTILE_NOTES, slackEscapeProblems } from './support/hostile-text.js';
import { lastUpdates, snapshot } from './support/plan-record.js';
import { mrkdwnEscape, slackEncode } from './support/slack-text.js';

let s: SlackBot;
const db = () => s.db.db(s.config.MONGODB_DB);

beforeAll(async () => {
  s = await startSlackBot();
});
afterAll(() => s.close());
beforeEach(() => s.slack.reset());

/** Every string in a Slack payload is escaped mrkdwn. */
function expectEscaped(payload: unknown): void {
  expect(slackEscapeProblems(allText(payload))).toEqual([]);
}

describe('a hostile note in /tsoc update', () => {
  it.each(HOSTILE_NOTES.map((n) => [n.label, n] as const))('%s: stored literally, echoed escaped', async (_label, note) => {
    const res = await s.command(`update 7 on-track ${slackEncode(note.typed)}`, PEOPLE.jane, { channel_id: 'C0OPS' });
    expect(res.status).toBe(200);
    expect(allText(res.json)).toContain('Saved: 7 is now On track.');
    const [saved] = await lastUpdates(db());
    expect(saved).toMatchObject({ itemId: '7', status: 'on-track', by: { email: PEOPLE.jane.email } });
    // The cleaning rules of docs/decisions/0009-untrusted-text.md (a form body cannot carry a lone surrogate: it arrives as U+FFFD, as stored).
    expect(saved!.note).toBe(note.stored);

    // The private answer: the note escaped, nothing raw.
    expectEscaped(res.json);
    expect(allText(res.json)).toContain(mrkdwnEscape(String(saved!.note)));

    // The channel announcement: escaped, and sent with parsing and link expansion off.
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params.channel).toBe('C0OPS');
    expect(post.params.text).toBe(mrkdwnEscape(`Jane Smith (Police) set 7 to On track — ${String(saved!.note)}`));
    expectEscaped(post.params);
    expect(post.params).toMatchObject({ parse: 'none', link_names: 'false', unfurl_links: 'false', unfurl_media: 'false' });

    // A later look-up shows the stored note, escaped too.
    const status = await s.command('status 7', PEOPLE.ivan);
    expectEscaped(status.json);
    expect(allText(status.json)).toContain(mrkdwnEscape(String(saved!.note)));
  });
});

describe('notes that are too long', () => {
  it.each([
    ['a 10 kB note (the command limit is 4,000 characters)', 10_240, 'Nothing was saved'],
    ['a 3,000-character note (the note limit is 1,000)', 3_000, 'nothing was saved'],
  ])('%s is refused with a clear answer, nothing stored or announced', async (_label, size, expected) => {
    const before = await snapshot(db());
    const note = '<!channel> {"$gt": ""} \u202E'.repeat(Math.ceil(size / 24)).slice(0, size);
    const res = await s.command(`update 7 on-track ${slackEncode(note)}`, PEOPLE.jane, { channel_id: 'C0OPS' });
    expect(res.status).toBe(200);
    expect(allText(res.json)).toContain(expected);
    expectEscaped(res.json);
    expect(await snapshot(db())).toEqual(before);
    await new Promise((r) => setTimeout(r, 150)); // an announcement would be on its way by now
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('a hostile note in a direct message', () => {
  it.each(HOSTILE_NOTES.filter((n) => /@channel|forged link|html|markdown|operator object|bidi|emoji/.test(n.label)).map((n) => [n.label, n] as const))(
    '%s: stored literally, the reply escaped',
    async (_label, note) => {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
      const res = await s.event({ type: 'message', channel_type: 'im', channel: 'D0JANE', user: PEOPLE.jane.id, text: `update 6 on-track ${slackEncode(note.typed)}`, ts });
      expect(res.status).toBe(200);
      const reply = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'D0JANE'));
      expect(allText(reply.params)).toContain('Saved: 6 is now On track.');
      expectEscaped(reply.params);
      const [saved] = await lastUpdates(db());
      expect(saved).toMatchObject({ itemId: '6', note: note.stored });
    },
  );
});

describe('a hostile display name', () => {
  it('is escaped in the channel announcement and in look-ups', async () => {
    const evil = { id: 'U0EVIL', realName: '<!channel> *Evil* <http://evil.example|Police HQ> & Co', email: 'evil@police.govt.nz' };
    s.slack.users.set(evil.id, evil);
    const res = await s.command('update 5 on-track Named badly', evil, { channel_id: 'C0OPS' });
    expect(allText(res.json)).toContain('Saved: 5 is now On track.');
    expectEscaped(res.json);
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params.text).toBe(mrkdwnEscape(`${evil.realName} (Police) set 5 to On track — Named badly`));
    expectEscaped(post.params);
    const status = await s.command('history 5', PEOPLE.ivan);
    expectEscaped(status.json);
    expect(allText(status.json)).toContain(mrkdwnEscape(evil.realName));

    // Their App Home tab names them, escaped, and shows the note they saved.
    await s.event({ type: 'app_home_opened', user: evil.id, channel: 'D0EVIL', tab: 'home', event_ts: '1700000000.9' });
    const home = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
    expectEscaped(home.params.view);
    expect(allText(home.params.view)).toContain(mrkdwnEscape(evil.realName));
  });
});

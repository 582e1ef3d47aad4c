// Random command text through the real surfaces, fewer runs than against the
// engine: signed /tsoc commands into the Slack endpoint and typed messages
// into the Teams endpoint, from people of several agencies, a steward and
// someone without a verified email. Every request is answered (200 and a
// non-empty, escaped answer), and the record changes only as the answer says.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/parse-command.js';
import type { FakeUser } from '../fakes/slack-api.js';
import { PEOPLE as SLACK_PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { PEOPLE as TEAMS_PEOPLE, cardTitle, message, type Person, type SentCard } from '../teams/support/activities.js';
import { startTeamsBot, type TeamsBot } from '../teams/support/teams-bot.js';
import { commandText } from './support/command-text.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { cardEscapeProblems, slackEscapeProblems } from './support/hostile-text.js';
import { snapshot, type RecordSnapshot } from './support/plan-record.js';
import { slackEncode } from './support/slack-text.js';

/** What a reply's title says happened, checked against how the record moved. */
function expectRecordFollowsTitle(text: string, title: string, steward: boolean, before: RecordSnapshot, after: RecordSnapshot): void {
  expect(after.updates - before.updates, `updates after ${JSON.stringify(text)} → ${title}`).toBe(/^Saved: /.test(title) ? 1 : 0);
  if (!/^Saved: /.test(title)) expect(after.latest).toBe(before.latest);
  const membership = after.memberships - before.memberships;
  expect(membership).toBe(/ is (now|no longer) a member of /.test(title) ? 1 : 0);
  if (membership) expect(steward).toBe(true);
  const tags = after.tags - before.tags;
  expect(tags).toBe(/^(Action \d+ tagged\.|Cleared the areas of action \d+\.)$/.test(title) ? 1 : 0);
  if (tags) expect(steward).toBe(true);
  if (after.subscriptions !== before.subscriptions) {
    expect(['subscribe', 'unsubscribe']).toContain(parseCommand(text).kind);
    expect(title).toMatch(/^This channel will (get|no longer get) /);
  }
}

describe('random commands over Slack', () => {
  let s: SlackBot;
  const db = () => s.db.db(s.config.MONGODB_DB);
  beforeAll(async () => {
    s = await startSlackBot();
  });
  afterAll(() => s.close());

  it('answers every /tsoc text from anyone, escaped, and stores only what it says', { timeout: fuzzTimeout(90_000) }, async () => {
    const people: FakeUser[] = [SLACK_PEOPLE.jane, SLACK_PEOPLE.ivan, SLACK_PEOPLE.mere, SLACK_PEOPLE.steward, SLACK_PEOPLE.guest];
    s.slack.reset();
    let saves = 0;
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom(...people), async (text, user) => {
        const before = await snapshot(db());
        const res = await s.command(slackEncode(text), user, { channel_id: 'C0FUZZ' });
        expect(res.status).toBe(200);
        // Answered in the acknowledgement (the ack budget is 2.5 s) with escaped mrkdwn.
        const answer = String(res.json?.text ?? '');
        expect(answer.trim()).not.toBe('');
        expect(slackEscapeProblems(allText(res.json))).toEqual([]);
        const title = answer.split('\n')[0]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        expectRecordFollowsTitle(text, title, user === SLACK_PEOPLE.steward, before, await snapshot(db()));
        if (/^Saved: /.test(title)) saves += 1;
      }),
      fuzzParams(60),
    );
    // Each save was announced once in the channel, escaped; nothing else was.
    await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').length >= saves, 3000);
    await new Promise((r) => setTimeout(r, 200));
    const posts = s.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(saves);
    for (const post of posts) expect(slackEscapeProblems(allText(post.params))).toEqual([]);
  });
});

describe('random commands over Teams', () => {
  let t: TeamsBot;
  const db = () => t.bot.database.db;
  beforeAll(async () => {
    t = await startTeamsBot({ TSOC_ADMINS: 'megan.bowen@ird.govt.nz' });
  });
  afterAll(() => t.stop());

  it('answers every typed text from anyone on an escaped card, and stores only what it says', { timeout: fuzzTimeout(90_000) }, async () => {
    const people: Person[] = [TEAMS_PEOPLE.police, TEAMS_PEOPLE.ird, TEAMS_PEOPLE.customsUpn, TEAMS_PEOPLE.outsider];
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom(...people), async (text, person) => {
        t.connector.reset();
        const before = await snapshot(db());
        const res = await t.send(message(t.connector.url, person, text));
        expect(res.status).toBe(200);
        const cards: SentCard[] = t.cardsSince(0);
        expect(cards.length).toBeGreaterThan(0);
        for (const card of cards) for (const el of card.body) expect(cardEscapeProblems(el.text ?? '')).toEqual([]);
        const title = cardTitle(cards[0]!);
        expect(title.trim()).not.toBe('');
        expectRecordFollowsTitle(text, title, person === TEAMS_PEOPLE.ird, before, await snapshot(db()));
      }),
      fuzzParams(60),
    );
  });
});

// `board` from Slack and Teams: the link reaches only the person who asked —
// Slack's /tsoc answer (ephemeral) and direct messages, Teams personal chats —
// and a channel or group chat gets a pointer to ask privately, never a link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { PEOPLE as TEAMS_PEOPLE, cardText, message } from '../teams/support/activities.js';
import { startTeamsBot, type TeamsBot } from '../teams/support/teams-bot.js';

const LINK = /\/board\/sign-in\?token=[A-Za-z0-9_-]{43}/;

describe('board in Slack', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot();
  });
  afterAll(() => s.close());

  it('answers /tsoc board ephemerally with the link', async () => {
    const res = await s.command('board', PEOPLE.jane);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(allText(res.json)).toMatch(LINK);
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('sends the link in a direct message, but never into a channel', async () => {
    s.slack.reset();
    await s.event({ type: 'message', channel_type: 'im', channel: 'D0JANE', user: PEOPLE.jane.id, text: 'board', ts: '1700009000.000100' });
    const dm = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(dm.params.channel).toBe('D0JANE');
    expect(allText(dm.params)).toMatch(LINK);

    s.slack.reset();
    await s.event({ type: 'app_mention', channel: 'C0PLAN', user: PEOPLE.jane.id, text: '<@U0BOT> board', ts: '1700009100.000100' });
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params.channel).toBe('C0PLAN');
    expect(allText(post.params)).toContain('I only send sign-in links privately');
    expect(allText(post.params)).not.toMatch(LINK);
  });
});

describe('board in Teams', () => {
  let t: TeamsBot;
  beforeAll(async () => {
    t = await startTeamsBot();
  });
  afterAll(() => t.stop());

  it('answers in a personal chat with the link, and in a group chat with where to ask', async () => {
    let start = t.connector.requests.length;
    await t.send(message(t.connector.url, TEAMS_PEOPLE.police, 'board'));
    expect(cardText(t.cardsSince(start)[0]!)).toMatch(LINK);

    start = t.connector.requests.length;
    await t.send(message(t.connector.url, TEAMS_PEOPLE.police, 'board', { type: 'groupChat', mentions: 'bot' }));
    const text = cardText(t.cardsSince(start)[0]!);
    expect(text).toContain('I only send sign-in links privately');
    expect(text).not.toMatch(LINK);
  });
});

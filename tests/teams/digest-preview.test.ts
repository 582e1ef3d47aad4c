// `digest preview` is shown only to the person asking. In a Teams channel it
// goes to their personal chat and the channel gets one line; where no personal
// chat can be opened (the person has not installed the app), the channel is
// told how to ask there and no digest is posted in it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardText, cardTitle, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

const CHANNEL = '19:police-team@thread.tacv2';
const POST = `${CHANNEL};messageid=1796104062033`;
const PERSONAL = 'a:personal-aroha';

let t: TeamsBot;

beforeAll(async () => {
  t = await startTeamsBot();
  await t.send(message(t.connector.url, PEOPLE.police, 'whoami', { type: 'personal', id: PERSONAL }));
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

const askInChannel = (who: typeof PEOPLE.police, text: string) =>
  t.send(message(t.connector.url, who, text, { type: 'channel', id: POST, teamId: CHANNEL, mentions: 'bot' }));

describe('digest preview in a Teams channel', () => {
  it('goes to the personal chat; the channel gets one line', async () => {
    await askInChannel(PEOPLE.police, 'digest preview');
    const sent = t.connector.sent;
    const personal = sent.filter((r) => r.conversationId === PERSONAL);
    const channel = sent.filter((r) => r.conversationId?.startsWith(CHANNEL));
    expect(personal.length).toBeGreaterThanOrEqual(1);
    expect(t.cardsSince(0).map(cardTitle).filter((x) => x.startsWith('Preview:'))[0]).toMatch(/^Preview: TSOC Action Plan digest for New Zealand Police — \d+ \w+ \d{4}$/);
    expect(channel).toHaveLength(1);
    const line = t.cardsSince(0).find((c) => !cardTitle(c).startsWith('Preview:'))!;
    expect(cardText(line)).toBe("Aroha Ngata, I've sent you the digest preview in our personal chat.");
  });

  it('where no personal chat can be opened, tells the channel how to ask there and posts no digest', async () => {
    t.connector.refuseNewConversations = 403;
    await askInChannel(PEOPLE.ird, 'digest preview');
    const sent = t.connector.sent;
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe(POST);
    const text = cardText(t.cardsSince(0)[0]!);
    expect(text).toContain('A digest preview is shown only to you, in a personal chat with me, and I could not open one with you.');
    expect(text).toContain('then type: digest preview');
    expect(text).not.toContain('TSOC Action Plan digest');
    expect(t.connector.requests.some((r) => r.path === '/v3/conversations' && r.status === 403)).toBe(true);
  });

  it('in the personal chat itself, answers there as before', async () => {
    await t.send(message(t.connector.url, PEOPLE.police, 'digest preview', { type: 'personal', id: PERSONAL }));
    expect(t.connector.sent.every((r) => r.conversationId === PERSONAL)).toBe(true);
    expect(cardTitle(t.cardsSince(0)[0]!)).toMatch(/^Preview: TSOC Action Plan digest for New Zealand Police/);
  });
});

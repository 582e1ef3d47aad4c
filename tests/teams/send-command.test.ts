// A mistyped update over Teams: the card shows the corrected command with a
// button that sends it; nothing is saved before the press; a press saves once
// per card and person, as the person who pressed it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardSubmit, cardText, cardTitle, message, type SentCard } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

let t: TeamsBot;

beforeAll(async () => {
  t = await startTeamsBot();
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

async function ask(text: string): Promise<{ card: SentCard; conversationId: string }> {
  const activity = message(t.connector.url, PEOPLE.police, text, { type: 'personal' });
  const start = t.connector.requests.length;
  await t.send(activity);
  return { card: t.cardsSince(start)[0]!, conversationId: activity.conversation.id };
}

async function press(data: Record<string, unknown>, conversationId: string, from = PEOPLE.police): Promise<SentCard[]> {
  const start = t.connector.requests.length;
  const res = await t.send(cardSubmit(t.connector.url, from, data, 'activity-1', { id: conversationId, type: 'personal' }));
  expect(res.status).toBe(200);
  return t.cardsSince(start);
}

describe('a corrected update over Teams', () => {
  it('shows a Send button, saves nothing until it is pressed, then saves once', async () => {
    const before = (await t.updates('15')).length;
    const { card, conversationId } = await ask('updte 15 on track');
    // Cards show commands without Markdown backticks (Adaptive Card text has no code spans).
    expect(cardTitle(card)).toBe('Did you mean update 15 on-track?');
    expect(cardText(card)).toContain('nothing was saved');
    const send = (card.actions ?? []).find((a) => a.type === 'Action.Submit');
    expect(send).toMatchObject({ title: 'Send: update 15 on-track', data: { verb: 'tsoc.send', command: 'update 15 on-track' } });
    expect(await t.updates('15')).toHaveLength(before);

    const first = await press(send!.data!, conversationId);
    expect(cardTitle(first[0]!)).toBe('Saved: 15 is now On track.');
    const again = await press(send!.data!, conversationId);
    expect(cardTitle(again[0]!)).toBe('Already saved: 15 is On track.');
    expect(await t.updates('15')).toHaveLength(before + 1);
  });

  it('refuses a forged or broken send without saving', async () => {
    const before = (await t.updates('15')).length;
    const { conversationId } = await ask('show 15');
    for (const data of [{ verb: 'tsoc.send', command: '', cardId: 'c1' }, { verb: 'tsoc.send', command: 'update 15 complete', cardId: 'bad id!' }, { verb: 'tsoc.send', cardId: 'c1' }]) {
      const [reply] = await press(data, conversationId);
      expect(cardTitle(reply!)).toMatch(/can’t read that form/);
    }
    expect(await t.updates('15')).toHaveLength(before);
  });
});

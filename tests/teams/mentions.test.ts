// Mentions are replaced by their entities' own text, once each, in one pass:
// two people whose mentions read the same keep their own ids, and a message
// built to make the old replace-everywhere loop grow without end (1,000 × "a"
// and 21 entities whose text is "a") is answered at once while /healthz stays
// fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MENTIONS, commandText, mentionToken } from '../../src/teams/mentions.js';
import { BOT, PEOPLE, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

const bot = { id: BOT.id, name: BOT.name };
const mention = (text: string, id: string) => ({ type: 'mention', text, mentioned: { id, name: text } });

describe('commandText', () => {
  it('keeps two people whose mentions read the same apart, in the order they appear', () => {
    const text = commandText({
      text: '<at>TSOC</at> grant <at>Jane</at> police and <at>Jane</at> customs',
      recipient: bot,
      entities: [mention('<at>TSOC</at>', BOT.id), mention('<at>Jane</at>', '29:jane-police'), mention('<at>Jane</at>', '29:jane-customs')],
    });
    expect(text).toBe(`grant ${mentionToken('29:jane-police')} police and ${mentionToken('29:jane-customs')} customs`);
  });

  it('replaces each entity once, even when its text appears more often than it is mentioned', () => {
    const text = commandText({ text: '<at>Jane</at> show <at>Jane</at>', recipient: bot, entities: [mention('<at>Jane</at>', '29:jane')] });
    expect(text).toBe(`${mentionToken('29:jane')} show <at>Jane</at>`);
  });

  it('finds entities listed out of order, and does not let a token it inserted be matched again', () => {
    const text = commandText({
      text: '<at>TSOC</at> grant <at>Ana</at> police',
      recipient: bot,
      entities: [mention('<at>Ana</at>', '29:ana'), mention('<at>TSOC</at>', BOT.id), mention('teams', '29:teams')],
    });
    expect(text).toBe(`grant ${mentionToken('29:ana')} police`);
  });

  it(`reads at most ${MAX_MENTIONS} entities; the text of the rest stays as typed`, () => {
    const entities = Array.from({ length: MAX_MENTIONS + 5 }, (_, i) => mention(`<at>P${i}</at>`, `29:p${i}`));
    const text = commandText({ text: entities.map((e) => e.text).join(' '), recipient: bot, entities });
    expect(text.match(/<@teams:/g)).toHaveLength(MAX_MENTIONS);
    expect(text.endsWith(`<at>P${MAX_MENTIONS + 4}</at>`)).toBe(true);
  });

  it('answers the mention bomb with text no longer than the message', () => {
    const text = commandText({ text: 'a'.repeat(1000), recipient: bot, entities: Array.from({ length: 21 }, (_, i) => mention('a', `29:person-${i}`)) });
    expect(text.length).toBeLessThan(1000 + 21 * 40);
    expect(text.match(/<@teams:/g)).toHaveLength(21);
  });
});

describe('the mention bomb over HTTP', () => {
  let t: TeamsBot;
  beforeAll(async () => {
    t = await startTeamsBot();
  });
  afterAll(() => t.stop());

  it('is answered in well under a second, and /healthz answers meanwhile', async () => {
    const activity = {
      ...message(t.connector.url, PEOPLE.police, 'a'.repeat(1000)),
      entities: Array.from({ length: 21 }, (_, i) => mention('a', `29:person-${i}`)),
    };
    const started = performance.now();
    const answered = t.send(activity).then((res) => ({ status: res.status, ms: performance.now() - started }));
    const health = fetch(`${t.bot.url}/healthz`).then((res) => ({ status: res.status, ms: performance.now() - started }));
    const [a, h] = await Promise.all([answered, health]);
    expect(a.status).toBe(200);
    expect(h.status).toBe(200);
    expect(a.ms).toBeLessThan(1000);
    expect(h.ms).toBeLessThan(1000);
    expect(t.cardsSince(0)).not.toHaveLength(0);
  }, 60_000);
});

// The run policy both chat surfaces share, word for word as each platform said it
// before it moved into the core. The engine is a recording stand-in: these
// branches decide before (or instead of) running a command.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { Logger } from '../../src/core/logger.js';
import { okReply, replyToText } from '../../src/core/reply.js';
import { runForPerson, type LookedUpIdentity, type PlatformWords } from '../../src/core/run-command.js';

const SLACK: PlatformWords = {
  platform: 'slack', name: 'Slack', withheldBecause: ", so I can't tell which agency you belong to",
  withheldAdvice: 'Confirm your email address in Slack, then try again in a few minutes.',
};
const TEAMS: PlatformWords = {
  platform: 'teams', name: 'Teams', withheldBecause: '',
  withheldAdvice: 'If your organisation should be able to update the plan, ask the bot’s operators to bind its email domain to your Teams tenant.',
};

function setUp() {
  const ran: { text: string; identity: object }[] = [];
  const errors: { message: string; fields?: object }[] = [];
  const engine = { run: async (text: string, identity: object) => { ran.push({ text, identity }); return okReply('ran'); } } as unknown as Engine;
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => { errors.push({ message, ...(fields ? { fields } : {}) }); } };
  return { ran, errors, engine, logger };
}

const person = (extra: Partial<LookedUpIdentity> = {}): LookedUpIdentity => ({ platform: 'slack', userId: 'U1', displayName: 'Mere', ...extra });

describe('runForPerson', () => {
  it('asks a person the platform could not identify to send a write again, naming the platform', async () => {
    for (const words of [SLACK, TEAMS]) {
      const { ran, engine, logger } = setUp();
      const reply = await runForPerson(engine, async () => person({ lookupFailed: true }), 'update 7 on-track x', { words }, logger);
      expect(reply.code).toBe('unavailable');
      expect(replyToText(reply)).toBe(`${words.name} did not tell me who you are just now, so nothing was saved.\n\nPlease send the same command again in a minute.`);
      expect(ran).toHaveLength(0);
    }
  });

  it('refuses a write from a withheld email in each platform’s words', async () => {
    const { engine, logger } = setUp();
    const slack = await runForPerson(engine, async () => person({ emailWithheld: 'Slack says your email address is not confirmed yet' }), 'update 7 complete', { words: SLACK }, logger);
    expect(slack.code).toBe('not-permitted');
    expect(replyToText(slack)).toBe("I can only look things up for you: Slack says your email address is not confirmed yet, so I can't tell which agency you belong to.\n\n"
      + 'Nothing was saved. Confirm your email address in Slack, then try again in a few minutes.');
    const teams = await runForPerson(engine, async () => person({ emailWithheld: 'your tenant is not bound to example.org' }), 'update 7 complete', { words: TEAMS }, logger);
    expect(replyToText(teams)).toBe('I can only look things up for you: your tenant is not bound to example.org.\n\n'
      + 'Nothing was saved. If your organisation should be able to update the plan, ask the bot’s operators to bind its email domain to your Teams tenant.');
  });

  it('runs look-ups for those people, without the platform’s flags', async () => {
    const { ran, engine, logger } = setUp();
    const reply = await runForPerson(engine, async () => person({ lookupFailed: true, emailWithheld: 'why' }), 'show 7', { words: SLACK }, logger);
    expect(reply.title).toBe('ran');
    expect(ran).toEqual([{ text: 'show 7', identity: { platform: 'slack', userId: 'U1', displayName: 'Mere' } }]);
  });

  it('answers a failed look-up with the same words everywhere and logs it under the platform', async () => {
    const { errors, engine, logger } = setUp();
    const reply = await runForPerson(engine, async () => { throw new Error('boom'); }, 'show 7', { words: TEAMS, request: { key: 'k1' } }, logger);
    expect(replyToText(reply)).toBe('Something went wrong on my side while answering that.\n\nIf it was an update, check with `status <action>` before sending it again.');
    expect(errors).toMatchObject([{ message: 'teams command failed', fields: { key: 'k1' } }]);
  });
});

// `away until <date> [note]` and `back`, through the real engine and database.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine.js';
import { replyToText } from '../../src/core/reply.js';
import { MongoAwayStore } from '../../src/store/mongo-away-store.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { memoryLogger } from '../support/test-env.js';
import { directWrites } from '../../src/store/write-queue.js';

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());
beforeEach(async () => {
  f.clock.now = new Date('2026-11-26T09:00:00Z'); // Thu 26 Nov 2026, 10 pm in New Zealand
  await f.client.db(f.dbName).collection('time_away').deleteMany({});
});

const jane = person('jane@police.govt.nz', 'Jane Smith');
const say = async (text: string, who = jane) => {
  const reply = await f.engine.run(text, who);
  return { reply, text: replyToText(reply) };
};

describe('away and back', () => {
  it('records time away with its note; whoami shows it; back ends it', async () => {
    const { reply } = await say('away until 2027-01-10 Annual leave');
    expect(reply).toMatchObject({ ok: true, title: 'You are away until Sun, 10 Jan 2027 — Annual leave.' });
    expect((await say('whoami')).text).toContain('Away: until Sun, 10 Jan 2027 — Annual leave');
    expect((await say('back')).reply.title).toBe('Welcome back. Reminders about your agency’s items will reach you again.');
    expect((await say('whoami')).text).not.toContain('Away:');
    expect(await f.client.db(f.dbName).collection('time_away').countDocuments({ email: 'jane@police.govt.nz' })).toBe(2);
  });

  it('reads a date without a year as the next one, and "I\'m away till 3rd Dec" too', async () => {
    expect((await say('away until 10 Jan')).reply.title).toBe('You are away until Sun, 10 Jan 2027.');
    expect((await say("I'm away till 3rd Dec")).reply.title).toBe('You are away until Thu, 3 Dec 2026.');
    // The date is read like `as of` dates, looking forward; the words after it are the note.
    expect((await say('away until 15 January School holidays')).reply.title).toBe('You are away until Fri, 15 Jan 2027 — School holidays.');
  });

  it('ends by itself on the first day back', async () => {
    await say('away until 2026-12-01');
    expect((await say('whoami')).text).toContain('Away: until Tue, 1 Dec 2026');
    f.clock.now = new Date('2026-11-30T11:00:00Z'); // midnight starting 1 Dec in New Zealand
    expect((await say('whoami')).text).not.toContain('Away:');
  });

  it('"back" when not away says so and records nothing', async () => {
    expect((await say('back')).reply.title).toBe('Welcome back — you were not marked as away.');
    expect(await f.client.db(f.dbName).collection('time_away').countDocuments()).toBe(0);
  });

  it.each([
    ['away', 'Say when you will be back.'],
    ['away on holiday', 'Say when you will be back.'],
    ['away until 31 Smarch', 'I can\'t read the date "31 Smarch".'],
    ['away until 2026-11-26', 'Thu, 26 Nov 2026 is today or already past.'],
    ['away until 2026-02-30', 'I can\'t read the date "2026-02-30".'],
    ['away until 2028-06-01', 'Thu, 1 Jun 2028 is more than a year away.'],
  ])('"%s" is refused: %s', async (text, title) => {
    const { reply, text: out } = await say(text);
    expect(reply).toMatchObject({ ok: false, code: 'bad-input', title });
    expect(out).toContain('away until 2027-01-10');
    expect(await f.client.db(f.dbName).collection('time_away').countDocuments()).toBe(0);
  });

  it('someone whose email could not be confirmed is told why, and nothing is saved', async () => {
    const { reply } = await say('away until 2027-01-10', { platform: 'slack', userId: 'U_NOEMAIL', displayName: 'Nobody' });
    expect(reply).toMatchObject({ ok: false, code: 'no-identity' });
    expect(await f.client.db(f.dbName).collection('time_away').countDocuments()).toBe(0);
  });

  it('an operator string in the note is stored as text', async () => {
    await say('away until 2027-01-10 {"$gt": ""}');
    const doc = await f.client.db(f.dbName).collection('time_away').findOne({});
    expect(doc?.note).toBe('{"$gt": ""}');
  });

  it('with the database down, the person is told nothing was saved', async () => {
    const dead = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 300 });
    const db = dead.db('down');
    const engine = createEngine({
      plan: f.plan, store: new MongoPlanStore(db, { writes: directWrites }), away: new MongoAwayStore(db, directWrites), admins: [], timeZone: 'Pacific/Auckland',
      staleAfterDays: 14, logger: memoryLogger(), now: () => f.clock.now,
    });
    const reply = await engine.run('away until 2027-01-10', jane);
    expect(reply).toMatchObject({ ok: false, code: 'unavailable', title: 'The database is not reachable, so nothing was saved.' });
    await dead.close();
  });
});

// The database goes away mid-use and comes back: users are told nothing was
// saved, look-ups of the plan's words still answer, and the bot recovers by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { ownFerretDb, type OwnDatabase } from '../support/own-ferretdb.js';

let db: OwnDatabase;
let f: EngineFixture;
const jane = person('jane@police.govt.nz', 'Jane Smith');

beforeAll(async () => {
  db = await ownFerretDb();
  f = await engineFixture({ uri: db.uri });
});
afterAll(async () => {
  await f.close();
  await db.dispose();
});

describe('when the database is down', () => {
  it('says an update was not saved, answers plan look-ups, and recovers when the database returns', async () => {
    expect((await f.engine.run('update 7 on-track Before the outage', jane)).ok).toBe(true);
    await db.stop();

    const update = await f.engine.run('update 7 at-risk During the outage', jane, { request: { key: 'outage-1' } });
    expect(update).toMatchObject({ ok: false, code: 'unavailable', title: 'The database is not reachable, so nothing was saved.' });
    expect(update.update).toBeUndefined();

    const who = await f.engine.run('who coordinates 13b', jane);
    expect(who.ok).toBe(true);
    const show = replyToText(await f.engine.run('show 7', jane));
    expect(show).toContain('Status: Unknown — the database is not reachable right now');
    expect((await f.engine.run('status 7', jane)).code).toBe('unavailable');

    await db.restart();
    // The driver reconnects by itself; the first calls after a restart may still see the old pool.
    let after;
    for (let i = 0; i < 20; i++) {
      after = await f.engine.run('update 7 at-risk After the outage', jane, { request: { key: 'outage-1' } });
      if (after.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(after?.ok).toBe(true);
    const history = await f.store.history('7');
    expect(history.map((u) => u.note)).toEqual(['After the outage', 'Before the outage']);
  });
});

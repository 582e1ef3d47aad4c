// The database goes away mid-use and comes back: users are told nothing was
// saved, look-ups of the plan's words still answer, and the bot recovers by itself.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { ownFerretDb, type OwnDatabase } from '../support/own-ferretdb.js';
import { startMongoCutProxy } from '../stress-support/mongo-cut-proxy.js';

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

describe('when the database stops answering in the middle of saving', () => {
  it('says it cannot tell whether the update was saved — never "nothing was saved" for a write that may have been made', async () => {
    const proxy = await startMongoCutProxy(inject('mongoUri'));
    const g = await engineFixture({ uri: proxy.uri });
    try {
      const cut = proxy.cutBeforeAckOfInsertInto('status_updates');
      const reply = g.engine.run('update 7 off-track Made but never acknowledged', jane, { request: { key: 'unacked-1' } });
      await cut;
      const answer = await reply;
      expect(answer).toMatchObject({ ok: false, code: 'unavailable', title: 'The database stopped answering while this was being saved, so I cannot tell whether it was saved.' });
      expect(replyToText(answer)).toContain('Check with `history`');
      expect(replyToText(answer)).not.toMatch(/nothing was saved/i);
      // It had been made; once the database answers, the same request is recognised, not stored twice.
      proxy.restore();
      let again;
      for (let i = 0; i < 20; i++) {
        again = await g.engine.run('update 7 off-track Made but never acknowledged', jane, { request: { key: 'unacked-1' } });
        if (again.ok) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(again?.title).toBe('Already saved: 7 is Off track.');
      const direct = new MongoClient(inject('mongoUri'));
      try {
        const stored = await direct.db(g.dbName).collection('status_updates').find({ requestKey: 'unacked-1' }).toArray();
        expect(stored.map((u) => u.note)).toEqual(['Made but never acknowledged']);
      } finally {
        await direct.close();
      }
    } finally {
      await g.close();
      await proxy.close();
    }
  });

  it("says the same for a steward's grant, which is stored once", async () => {
    const proxy = await startMongoCutProxy(inject('mongoUri'));
    const g = await engineFixture({ uri: proxy.uri });
    try {
      const cut = proxy.cutBeforeAckOfInsertInto('memberships');
      const reply = g.engine.run('grant pat@example.com customs', person('steward@tsoc.example.nz', 'Steward'));
      await cut;
      expect((await reply).title).toBe('The database stopped answering while this was being saved, so I cannot tell whether it was saved.');
      proxy.restore();
      const direct = new MongoClient(inject('mongoUri'));
      try {
        const stored = await direct.db(g.dbName).collection('memberships').find({ email: 'pat@example.com' }).toArray();
        expect(stored).toHaveLength(1);
      } finally {
        await direct.close();
      }
    } finally {
      await g.close();
      await proxy.close();
    }
  });
});

// Completion with sign-off: a coordinator's "complete" awaits a steward;
// stewards sign off or reject; roll-ups and counts treat it as on track.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());
beforeEach(async () => {
  const db = f.client.db(f.dbName);
  await Promise.all(['status_updates', 'latest_status'].map((c) => db.collection(c).deleteMany({})));
  f.clock.now = new Date('2026-11-26T09:00:00Z');
});

const ird = person('aroha@ird.govt.nz', 'Aroha');
const mbie = person('sam@mbie.govt.nz', 'Sam');
const steward = person('steward@tsoc.example.nz', 'Steward');
let n = 0;
const say = async (text: string, who = ird) => {
  f.clock.now = new Date(f.clock.now.getTime() + 60_000);
  const reply = await f.engine.run(text, who, { request: { key: `so-${++n}` } });
  return { reply, text: replyToText(reply) };
};

describe('completion by a coordinator', () => {
  it('needs evidence, like a reason for at-risk', async () => {
    const { reply } = await say('update 13b complete');
    expect(reply).toMatchObject({ ok: false, code: 'needs-reason', title: 'Complete needs evidence: what shows it is done.' });
  });

  it('is saved as complete awaiting sign-off, shown so, and counts as on track', async () => {
    await say('update 13b on-track Drafting');
    const { reply, text } = await say('update 13b complete Cabinet agreed the framework');
    expect(reply.title).toBe('Saved: 13b is now Complete (awaiting sign-off).');
    expect(text).toContain('A plan steward will be asked to sign it off; until then it counts as on track.');
    expect((await say('status 13b')).reply.title).toBe('13b is Complete (awaiting sign-off)');
    // Every part complete but one awaiting sign-off: the action is on track, not complete.
    await say('update 13a complete Done', mbie);
    await say('update 13c complete Done', mbie);
    expect((await say('status 13')).reply.title).toBe('Action 13 is On track (rolled up from its parts)');
    expect((await say('status')).reply.title).toMatch(/^The plan: \d+ not started, 3 on track$/);
  });

  it("a steward's own completion is complete at once", async () => {
    expect((await say('update 13b complete Verified by the TSOC unit', steward)).reply.title).toBe('Saved: 13b is now Complete.');
  });
});

describe('sign off and reject', () => {
  beforeEach(async () => {
    await say('update 13b at-risk Waiting on legal advice');
    await say('update 13b complete Cabinet agreed the framework');
  });

  it('a steward signs it off: complete, and the history says who did what', async () => {
    const { reply } = await say('sign off 13b Evidence checked', steward);
    expect(reply.title).toBe('Signed off: 13b is now Complete.');
    expect((await say('status 13b')).reply.title).toBe('13b is Complete');
    const history = (await say('history 13b')).text;
    expect(history).toContain('Complete (signed off) — Evidence checked (Steward');
    expect(history).toContain('Complete (awaiting sign-off) — Cabinet agreed the framework (Aroha');
  });

  it('a steward rejects it: back to the status before, with the reason', async () => {
    const { reply } = await say('reject 13b The framework is still in draft', steward);
    expect(reply.title).toBe('Rejected: 13b is back to At risk.');
    expect((await say('status 13b')).reply.title).toBe('13b is At risk');
    expect((await say('history 13b')).text).toContain('At risk (completion rejected) — The framework is still in draft');
  });

  it('rejecting needs a reason', async () => {
    expect((await say('reject 13b', steward)).reply).toMatchObject({ ok: false, code: 'needs-reason' });
  });

  it('anyone but a steward is refused, and nothing changes', async () => {
    for (const text of ['sign off 13b', 'reject 13b No']) {
      const { reply } = await say(text, ird);
      expect(reply).toMatchObject({ ok: false, code: 'not-permitted' });
    }
    expect((await say('status 13b')).reply.title).toBe('13b is Complete (awaiting sign-off)');
  });

  it('something not awaiting sign-off is named with its status', async () => {
    await say('sign off 13b', steward);
    const { reply } = await say('sign off 13b', steward);
    expect(reply).toMatchObject({ ok: false, title: '13b is not awaiting sign-off — it is Complete.' });
    expect((await say('sign off 13', steward)).reply).toMatchObject({ ok: false, code: 'needs-part' });
  });

  it('a replayed sign-off applies once', async () => {
    const first = await f.engine.run('sign off 13b', steward, { request: { key: 'dup' } });
    const again = await f.engine.run('sign off 13b', steward, { request: { key: 'dup' } });
    expect(first.title).toBe('Signed off: 13b is now Complete.');
    expect(again).toMatchObject({ ok: true, title: 'Already done: 13b is Complete.' });
    expect(await f.client.db(f.dbName).collection('status_updates').countDocuments({ itemId: '13b' })).toBe(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/core/engine.js';
import { replyToText } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { memoryLogger } from '../support/test-env.js';

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.close());
const anyone = person('someone@example.com');

function engineWith(calendar?: Parameters<typeof createEngine>[0]['calendar']): Engine {
  return createEngine({
    plan: f.plan, store: f.store, admins: [], timeZone: 'Pacific/Auckland', staleAfterDays: 14, logger: memoryLogger(),
    now: () => new Date('2026-12-01T00:00:00Z'), ...(calendar ? { calendar } : {}),
  });
}

describe('holidays', () => {
  it('lists the year’s public holidays with their observed days, Matariki included', async () => {
    const reply = await f.engine.run('holidays 2027', anyone);
    expect(reply).toMatchObject({ ok: true, title: 'Public holidays in 2027 (New Zealand)' });
    const text = replyToText(reply);
    expect(text).toContain('Fri, 25 Jun — Matariki');
    expect(text).toContain('Mon, 8 Feb — Waitangi Day (falls on Sat, 6 Feb; observed on the Monday)');
    expect(text).toContain('Tue, 28 Dec — Boxing Day (falls on Sun, 26 Dec; observed on the Tuesday)');
    expect(text).toContain('go out on the next working day at the same time');
  });

  it('without a year, lists this year’s (in the plan’s time zone); "public holidays in 2028" works too', async () => {
    expect((await engineWith().run('holidays', anyone)).title).toBe('Public holidays in 2026 (New Zealand)');
    expect((await engineWith().run('public holidays in 2028?', anyone)).title).toBe('Public holidays in 2028 (New Zealand)');
  });

  it('adds the region’s anniversary day and says what digests do', async () => {
    const reply = await engineWith({ policy: 'skip', region: 'WGN' }).run('holidays 2027', anyone);
    expect(reply.title).toBe('Public holidays in 2027 (New Zealand, with Wellington Anniversary Day)');
    expect(replyToText(reply)).toContain('Mon, 25 Jan — Wellington Anniversary Day');
    expect(replyToText(reply)).toContain('are not sent');
  });

  it.each(['holidays next year', 'holidays 27', 'holidays 1850'])('"%s" is refused with what works', async (text) => {
    const reply = await f.engine.run(text, anyone);
    expect(reply).toMatchObject({ ok: false, code: 'bad-input' });
    expect(replyToText(reply)).toContain('Try `holidays 2027`');
  });
});

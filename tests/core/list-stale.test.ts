// `list stale` follows the digests' quiet start: an item never updated is
// awaiting its first update, not stale, until STALE_AFTER_DAYS after go-live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { memoryLogger } from '../support/test-env.js';

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
  await f.engine.run('update 7 on-track Team recruited', person('jane@police.govt.nz'));
});
afterAll(() => f.close());

const listStale = async (planStart: Date) => {
  const engine = createEngine({
    plan: f.plan, store: f.store, admins: [], timeZone: 'Pacific/Auckland', staleAfterDays: 14, logger: memoryLogger(),
    now: () => f.clock.now, planStart: async () => planStart,
  });
  return engine.run('list stale', person('someone@example.com'));
};

describe('list stale', () => {
  it('lists nothing never-updated while the plan is new', async () => {
    const reply = await listStale(new Date(f.clock.now.getTime() - 3 * 86_400_000));
    expect(reply.title).toBe('Stale: no update for 14 days or more: none.');
  });

  it('lists every never-updated item once the quiet start is over (and not the one updated today)', async () => {
    const reply = await listStale(new Date('2026-01-01T00:00:00Z'));
    expect(reply.title).toBe(`Stale: no update for 14 days or more (${f.plan.items().length - 1})`);
  });
});

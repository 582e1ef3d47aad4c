import { describe, expect, it } from 'vitest';
import { netChanges } from '../../../src/core/changes/net-changes.js';
import { readPlanFile } from '../../../src/core/plan/load-plan.js';
import type { Status } from '../../../src/core/status.js';
import type { StatusUpdate } from '../../../src/core/store-port.js';

const plan = readPlanFile();
const items = plan.items();
const since = new Date('2026-11-01T00:00:00Z');
const until = new Date('2026-11-08T00:00:00Z');

let n = 0;
function update(itemId: string, status: Status, at: string, note = ''): StatusUpdate {
  n += 1;
  return {
    id: `u${n}`, itemId, action: Number.parseInt(itemId, 10), status, note, at: new Date(at), requestKey: `k${n}`,
    by: { platform: 'cli', userId: 'cli', displayName: 'Jane', email: 'jane@police.govt.nz', agencies: ['police'] },
    source: { platform: 'cli' },
  };
}
/** Histories as the store gives them: newest first. */
function histories(...updates: StatusUpdate[]): Map<string, StatusUpdate[]> {
  const map = new Map<string, StatusUpdate[]>();
  for (const u of updates) map.set(u.itemId, [...(map.get(u.itemId) ?? []), u]);
  for (const list of map.values()) list.sort((a, b) => b.at.getTime() - a.at.getTime());
  return map;
}

describe('netChanges', () => {
  it('shows each item once, from its status at the start to its status at the end, with the count and latest reason', () => {
    const h = histories(
      update('7', 'on-track', '2026-10-20T00:00:00Z'),
      update('7', 'at-risk', '2026-11-02T00:00:00Z', 'Funding delayed'),
      update('7', 'off-track', '2026-11-03T00:00:00Z', 'Funding withdrawn'),
    );
    const [change, ...rest] = netChanges(items, h, { since, until });
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ from: 'on-track', to: 'off-track', count: 2, unchanged: false });
    expect(change!.item.id).toBe('7');
    expect(change!.latest.note).toBe('Funding withdrawn');
  });

  it('an item that moved and came back is unchanged, with its count', () => {
    const h = histories(
      update('13b', 'on-track', '2026-10-01T00:00:00Z'),
      update('13b', 'at-risk', '2026-11-02T00:00:00Z', 'Legal advice late'),
      update('13b', 'on-track', '2026-11-05T00:00:00Z', 'Advice received'),
    );
    const [change] = netChanges(items, h, { since, until });
    expect(change).toMatchObject({ from: 'on-track', to: 'on-track', count: 2, unchanged: true });
  });

  it('a first update starts from not started; updates outside the period are not counted', () => {
    const h = histories(
      update('3', 'on-track', '2026-11-04T00:00:00Z'),
      update('3', 'at-risk', '2026-11-09T00:00:00Z', 'after the period'),
      update('4a', 'on-track', '2026-11-01T00:00:00Z', 'exactly at the start belongs to the period before'),
    );
    const changes = netChanges(items, h, { since, until });
    expect(changes.map((c) => [c.item.id, c.from, c.to, c.count])).toEqual([['3', 'not-started', 'on-track', 1]]);
  });

  it('lists the newest change first', () => {
    const h = histories(
      update('1a', 'on-track', '2026-11-02T00:00:00Z'),
      update('16', 'on-track', '2026-11-06T00:00:00Z'),
      update('9', 'on-track', '2026-11-04T00:00:00Z'),
    );
    expect(netChanges(items, h, { since, until }).map((c) => c.item.id)).toEqual(['16', '9', '1a']);
  });

  it('only looks at the items it is given', () => {
    const h = histories(update('7', 'on-track', '2026-11-02T00:00:00Z'), update('16', 'on-track', '2026-11-02T00:00:00Z'));
    const police = items.filter((i) => i.id === '16');
    expect(netChanges(police, h, { since, until }).map((c) => c.item.id)).toEqual(['16']);
  });
});

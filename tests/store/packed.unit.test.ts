// A history version's updates are packed from each update's serialization kept
// from the version before (packList): the bytes must be exactly what packing
// the whole list at once makes, and read back as the same updates.
import { BSON, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { UpdateDoc } from '../../src/store/collections.js';
import { pack, packList, unpack } from '../../src/store/packed.js';

function update(i: number, note: string): UpdateDoc {
  return {
    _id: new ObjectId(), itemId: `${i % 3}`, action: i, status: i % 2 ? 'on-track' : 'at-risk', note, at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
    requestKey: `key-${i}`, by: { platform: 'slack', userId: `U${i}`, displayName: `Person ${i}`, email: `p${i}@police.govt.nz`, agencies: ['police', 'customs'] },
    source: { platform: 'slack', channelId: 'C0PLAN' }, ...(i % 4 === 0 ? { signOff: 'pending' as const } : {}),
  };
}

const notes = ['Team recruited', '', 'Māori and Pasifika partners — “quoted”', '\u0000 NUL and 😀 emoji', 'x'.repeat(1000)];

describe('packList', () => {
  it('makes the same bytes as packing the list at once, for fresh updates and for ones packed before', () => {
    const all = Array.from({ length: 30 }, (_, i) => update(i, notes[i % notes.length]!));
    for (const list of [[], all.slice(0, 1), all.slice(0, 25), all.slice(5, 30), all.slice(1, 26).reverse()]) {
      const fast = packList(list);
      expect(Buffer.from(fast.buffer).equals(Buffer.from(pack(list).buffer))).toBe(true);
      expect(unpack<UpdateDoc[]>(fast)).toEqual(list);
    }
  });

  it('reads back as the document the driver would have stored', () => {
    const list = [update(1, 'a'), update(2, 'b')];
    const raw = BSON.deserialize(packList(list).buffer);
    expect(raw.v).toEqual(list);
    expect(Object.keys(raw)).toEqual(['v']);
  });
});

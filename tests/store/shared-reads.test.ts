// Identical reads in flight at once share one query (src/store/shared-reads.ts),
// and never hide this process's own acknowledged writes.
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NewStatusUpdate } from '../../src/core/store-port.js';
import { ensureIndexes } from '../../src/store/collections.js';
import { MongoMilestoneStore } from '../../src/store/mongo-milestone-store.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { SharedReads } from '../../src/store/shared-reads.js';
import { testDbName } from '../support/test-env.js';
import { directWrites } from '../../src/store/write-queue.js';

/** A read that resolves when the test says so, counting how often it was started. */
function gatedRead<T>(value: T) {
  let started = 0;
  let open: () => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  const read = () => {
    started++;
    return new Promise<T>((resolve, reject) => {
      open = () => resolve(value);
      fail = reject;
    });
  };
  return { read, started: () => started, open: () => open(), fail: (err: Error) => fail(err) };
}

describe('shared reads', () => {
  it('gives callers who arrive while a read is in flight that read, and starts afresh once it settles', async () => {
    const reads = new SharedReads();
    const g = gatedRead('first');
    const a = reads.run('k', g.read);
    const b = reads.run('k', g.read);
    const other = gatedRead('other');
    const c = reads.run('other key', other.read);
    expect(g.started()).toBe(1);
    expect(other.started()).toBe(1);
    g.open();
    other.open();
    expect(await Promise.all([a, b, c])).toEqual(['first', 'first', 'other']);
    const again = reads.run('k', g.read);
    expect(g.started()).toBe(2);
    g.open();
    await again;
  });

  it('does not let a caller after an acknowledged write join a read that began before it', async () => {
    const reads = new SharedReads();
    const before = gatedRead('before the write');
    const early = reads.run('k', before.read);
    reads.wrote();
    const after = gatedRead('after the write');
    const late = reads.run('k', after.read);
    const later = reads.run('k', after.read); // joins the read that began after the write
    expect([before.started(), after.started()]).toEqual([1, 1]);
    before.open();
    after.open();
    expect(await Promise.all([early, late, later])).toEqual(['before the write', 'after the write', 'after the write']);
  });

  it('passes a failure to everyone who joined, and the next caller reads again', async () => {
    const reads = new SharedReads();
    const g = gatedRead('x');
    const a = reads.run('k', g.read);
    const b = reads.run('k', g.read);
    g.fail(new Error('database gone'));
    await expect(a).rejects.toThrow('database gone');
    await expect(b).rejects.toThrow('database gone');
    const c = reads.run('k', g.read);
    expect(g.started()).toBe(2);
    g.open();
    expect(await c).toBe('x');
  });
});

describe('the store sharing reads on a real database', () => {
  let client: MongoClient;
  const finds: string[] = [];
  beforeAll(async () => {
    client = await new MongoClient(inject('mongoUri'), { monitorCommands: true }).connect();
    client.on('commandStarted', (e: CommandStartedEvent) => {
      if (e.commandName === 'find') finds.push(String(e.command.find));
    });
  });
  afterAll(() => client.close());

  const update: NewStatusUpdate = {
    itemId: '7', action: 7, status: 'at-risk', note: 'shared', at: new Date(), requestKey: 'shared-1',
    by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] }, source: { platform: 'cli' },
  };

  it('answers 30 look-ups at once with one query each for statuses and tags, all right, and sees its own write straight after', async () => {
    const db = client.db(testDbName('shared'));
    await ensureIndexes(db);
    const store = new MongoPlanStore(db, { writes: directWrites });
    finds.length = 0;
    const answers = await Promise.all(Array.from({ length: 30 }, () => Promise.all([store.currentStatuses(undefined, ['7']), store.currentTags()])));
    expect(answers.every(([statuses]) => statuses.size === 0)).toBe(true);
    expect(finds.filter((f) => f === 'latest_status')).toHaveLength(1);
    expect(finds.filter((f) => f === 'action_tags')).toHaveLength(1);

    // A burst of look-ups around a write: every one that starts after the write sees it.
    const during = Array.from({ length: 10 }, () => store.currentStatuses(undefined, ['7']));
    await store.recordUpdate(update);
    const after = await Promise.all(Array.from({ length: 10 }, () => store.currentStatuses(undefined, ['7'])));
    await Promise.all(during);
    expect(after.map((m) => m.get('7')?.note)).toEqual(Array(10).fill('shared'));
    // Each caller has a map of its own: changing one changes no other.
    after[0]!.delete('7');
    expect(after[1]!.get('7')?.note).toBe('shared');
    await store.settled();
  });

  it('answers 30 people\'s memberships at once with one query, each their own, and sees a grant straight after', async () => {
    const db = client.db(testDbName('shared_memberships'));
    await ensureIndexes(db);
    const store = new MongoPlanStore(db, { writes: directWrites });
    const by = { platform: 'cli' as const, userId: 's', displayName: 'Steward', agencies: ['tsoc'] };
    await store.recordMembership({ email: 'Ana@Example.com', agency: 'police', effect: 'grant', at: new Date(), by });
    finds.length = 0;
    const people = Array.from({ length: 30 }, (_, i) => (i === 7 ? 'ana@example.com' : `p${i}@example.com`));
    const answers = await Promise.all(people.map((p) => store.membershipChanges(p)));
    expect(finds.filter((f) => f === 'memberships')).toHaveLength(1);
    expect(answers.map((a) => a.map((c) => c.agency))).toEqual(people.map((p) => (p === 'ana@example.com' ? ['police'] : [])));

    await store.recordMembership({ email: 'p3@example.com', agency: 'customs', effect: 'grant', at: new Date(), by });
    expect((await store.membershipChanges('P3@example.com')).map((c) => c.agency)).toEqual(['customs']);
  });

  it('answers 30 reads of an item\'s milestones at once with one query, and sees its own milestone straight after', async () => {
    const db = client.db(testDbName('shared_milestones'));
    const milestones = new MongoMilestoneStore(db, directWrites);
    finds.length = 0;
    const answers = await Promise.all(Array.from({ length: 30 }, () => milestones.events('7')));
    expect(answers.every((events) => events.length === 0)).toBe(true);
    expect(finds.filter((f) => f === 'milestone_events')).toHaveLength(1);

    const during = Array.from({ length: 5 }, () => milestones.events('7'));
    await milestones.record({
      kind: 'add', itemId: '7', title: 'Team recruited', due: '2027-03-31', note: '', at: new Date(), requestKey: 'm-1',
      by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] },
    });
    const after = await Promise.all(Array.from({ length: 5 }, () => milestones.events('7')));
    await Promise.all(during);
    expect(after.map((events) => events.map((e) => e.title))).toEqual(Array(5).fill(['Team recruited']));
  });
});

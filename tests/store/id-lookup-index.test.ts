// The embedded launcher's id-lookup index (docs/decisions/0012): FerretDB
// 1.24 queries `_id` with an expression its own index does not match, so
// without this every look-up by `_id` scanned its table. Checked with
// FerretDB's explain, which returns SQLite's query plan.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDbName } from '../support/test-env.js';

let client: MongoClient;
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri')).connect();
});
afterAll(() => client.close());

async function plan(collection: string, filter: object, dbName: string): Promise<string> {
  const explained = await client.db(dbName).command({ explain: { find: collection, filter } });
  return JSON.stringify(explained.queryPlanner);
}

describe.runIf(inject('dbEngine') === 'ferretdb')('look-ups by _id on the embedded database', () => {
  it('search an index in a collection created while the server runs, and other filters still scan', async () => {
    const dbName = testDbName('idindex');
    const docs = client.db(dbName).collection<{ _id: string; n: number }>('fresh');
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `k${i}`, n: i })));
    // The launcher looks for new tables every 250 ms. (A connection that had read the schema before
    // sees the new index at its next query: SQLite's EXPLAIN alone does not reload the schema.)
    let byId = '';
    for (const started = Date.now(); Date.now() - started < 5000; await new Promise((r) => setTimeout(r, 100))) {
      await docs.findOne({ _id: 'k1' });
      byId = await plan('fresh', { _id: 'k7' }, dbName);
      if (byId.includes('USING INDEX')) break;
    }
    expect(byId, byId).toContain('__id_lookup');
    expect(byId).not.toContain('SCAN');
    expect(await plan('fresh', { n: 7 }, dbName)).toContain('SCAN');
    // The same answers as before, a miss included.
    expect(await docs.findOne({ _id: 'k7' })).toEqual({ _id: 'k7', n: 7 });
    expect(await docs.findOne({ _id: 'missing' })).toBeNull();
    await docs.deleteOne({ _id: 'k8' });
    expect(await docs.countDocuments()).toBe(49);
    // Invisible to clients: the collection lists only its own _id index.
    expect((await docs.indexes()).map((i) => i.name)).toEqual(['_id_']);
    await client.db(dbName).dropDatabase();
  });
});

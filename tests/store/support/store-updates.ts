// What the store tests write: numbered updates of an item at set times, and a
// fresh database with the bot's indexes.
import type { Db, MongoClient } from 'mongodb';
import type { NewStatusUpdate } from '../../../src/core/store-port.js';
import { ensureIndexes } from '../../../src/store/collections.js';
import { testDbName } from '../../support/test-env.js';

/** When the first numbered update is. */
export const FIRST_UPDATE_AT = Date.parse('2026-11-01T00:00:00Z');

/** Update number `i` of an item, `seconds` after 1 Nov 2026; its note and request key name both. */
export function numberedUpdate(itemId: string, i: number, seconds = i): NewStatusUpdate {
  return {
    itemId, action: Number.parseInt(itemId, 10), status: i % 2 ? 'on-track' : 'at-risk', note: `${itemId}-n${i}`,
    at: new Date(FIRST_UPDATE_AT + seconds * 1000), requestKey: `${itemId}-${i}`,
    by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: [] }, source: { platform: 'cli' },
  };
}

export async function freshDb(client: MongoClient, name: string): Promise<Db> {
  const db = client.db(testDbName(name));
  await ensureIndexes(db);
  return db;
}

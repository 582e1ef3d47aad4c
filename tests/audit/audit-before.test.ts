// Each status update's audit entry says what the status was before it. The
// store tells it from the history it has just written, without reading: also
// for a burst of one item's updates written together in one batch, more than
// a history version keeps (where the answer used to come from reading the
// item's whole log, once per update, under the heaviest load).
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MongoAuditChain } from '../../src/audit/mongo-audit-chain.js';
import { openAudit } from '../../src/audit/open-audit.js';
import type { NewStatusUpdate } from '../../src/core/store-port.js';
import { ensureIndexes } from '../../src/store/collections.js';
import { MongoPlanStore } from '../../src/store/mongo-store.js';
import { serialWriteQueue } from '../../src/store/write-queue.js';
import { testDbName } from '../support/test-env.js';

let client: MongoClient;
const logFinds: unknown[] = [];
beforeAll(async () => {
  client = await new MongoClient(inject('mongoUri'), { monitorCommands: true }).connect();
  client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'find' && e.command.find === 'status_updates') logFinds.push(e.command.filter);
  });
});
afterAll(() => client.close());

const STATUSES = ['on-track', 'at-risk', 'off-track', 'complete'] as const;
const LABELS = { 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track', complete: 'Complete' } as const;

function update(i: number): NewStatusUpdate {
  return {
    itemId: '7', action: 7, status: STATUSES[i % 4]!, note: `n${i}`, requestKey: `burst-${i}`, at: new Date(Date.UTC(2026, 10, 1, 9, 0, i)),
    by: { platform: 'cli', userId: 'u', displayName: 'U', agencies: ['police'] }, source: { platform: 'cli' },
  };
}

describe('an audit entry\'s "before"', () => {
  it('is the status just before each update, for a burst of one item\'s updates saved together, without reading the log', async () => {
    const db = client.db(testDbName('audit_before'));
    await ensureIndexes(db);
    // One write at a time, as on FerretDB: updates that arrive together go in as one batch.
    const writes = serialWriteQueue();
    const audit = openAudit(db, { timeZone: 'Pacific/Auckland', writes, instance: 'test-instance' });
    const store = audit.plan(new MongoPlanStore(db, { writes }));
    await store.recordUpdate(update(0));
    logFinds.length = 0;
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.recordUpdate(update(i + 1))));
    expect(logFinds).toEqual([]);

    const entries: { change: { before?: string; after?: string; reason?: string } }[] = [];
    for await (const e of new MongoAuditChain(db, { timeZone: 'Pacific/Auckland', writes }).entries()) entries.push(e);
    expect(entries).toHaveLength(41);
    const byNote = new Map(entries.map((e) => [e.change.reason, e.change]));
    expect(byNote.get('n0')?.before).toBe('Not started');
    for (let i = 1; i <= 40; i++) {
      expect(byNote.get(`n${i}`), `n${i}`).toEqual({ before: LABELS[STATUSES[(i - 1) % 4]!], after: LABELS[STATUSES[i % 4]!], reason: `n${i}` });
    }
  });
});

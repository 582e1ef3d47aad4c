// The chain's end hint is written through the write queue (one writer at a time
// on FerretDB), so with the database away it must not hold the writes behind it
// for the driver's whole wait for a server.
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditHeadHint } from '../../src/audit/audit-head-hint.js';
import { serialWriteQueue } from '../../src/store/write-queue.js';

// Nothing listens on port 9 here: every command waits for a server until serverSelectionTimeoutMS.
const away = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 5000 });
afterAll(() => away.close());

describe('the audit head hint with the database away', () => {
  it('lets the next write in the queue go within about a second, not after the 5 s wait for a server', async () => {
    const writes = serialWriteQueue();
    const hint = new AuditHeadHint(away.db('tsoc_hint_away'), writes);
    const started = Date.now();
    hint.raise(33);
    await new Promise((r) => setImmediate(r)); // the hint's write is queued now
    const nextRanAfter = await writes(async () => Date.now() - started);
    expect(nextRanAfter).toBeGreaterThanOrEqual(900);
    expect(nextRanAfter).toBeLessThan(3000);
  });
});

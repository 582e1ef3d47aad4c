// A time limit that also ends the wait for a server: with the database away, a
// ping or a write in the write queue gives up when we said, not after the
// client's whole server-selection time (which the driver's timeoutMS leaves).
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { within } from '../../src/store/time-limit.js';

// Nothing listens on port 9 here: a command waits for a server until serverSelectionTimeoutMS.
const away = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 5000 });
afterAll(() => away.close());

describe('within(ms)', () => {
  it('ends a command waiting for a server that is not there after about ms, not the 5 s the client allows', async () => {
    const started = Date.now();
    await expect(away.db('tsoc_time_limit').command({ ping: 1 }, within(300))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

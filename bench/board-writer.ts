// Another bot instance for the board benchmark: its own process, client and
// store, recording an update every 20 ms (on a fixed schedule, so a faster
// store does not mean more writing during the measurement) until it gets
// SIGTERM; then it prints how many it wrote.
//   node --import tsx bench/board-writer.ts <mongodb uri> <database>
import { randomUUID } from 'node:crypto';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { connectDatabase } from '../src/store/connect.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';

const [uri, dbName] = process.argv.slice(2);
if (!uri || !dbName) throw new Error('usage: board-writer.ts <uri> <database>');
const steward = { platform: 'slack' as const, userId: 'U_BENCH', displayName: 'Bench Steward', email: 'steward@bench.example.nz', agencies: ['tsoc'] };
const stop = { now: false };
process.on('SIGTERM', () => {
  stop.now = true;
});

const database = await connectDatabase(uri, dbName);
const store = new MongoPlanStore(database.db, { writes: database.writes });
const items = readPlanFile().items();
let n = 0;
process.stdout.write('ready\n');
const started = performance.now();
while (!stop.now) {
  const item = items[n % items.length]!;
  await store.recordUpdate({
    itemId: item.id, action: item.action.number, status: 'on-track', note: 'bench', by: steward,
    at: new Date(), source: { platform: 'slack' }, requestKey: randomUUID(),
  });
  n++;
  // The next one 20 ms after the last was due (at once when behind).
  await new Promise((r) => setTimeout(r, Math.max(0, started + n * 20 - performance.now())));
}
await store.settled();
await database.close();
process.stdout.write(`${n}\n`);

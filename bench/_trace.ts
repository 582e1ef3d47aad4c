import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { projectRoot } from '../src/app/project-root.js';
import { createEngine } from '../src/core/engine.js';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { createLogger } from '../src/logger.js';
import { ensureIndexes } from '../src/store/collections.js';
import { startEmbeddedDatabase } from '../src/store/embedded-server.js';
import { MongoAwayStore } from '../src/store/mongo-away-store.js';
import { MongoMilestoneStore } from '../src/store/mongo-milestone-store.js';
import { MongoPlanStore } from '../src/store/mongo-store.js';

const server = await startEmbeddedDatabase({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'trace-')), projectRoot: projectRoot() });
const client = await new MongoClient(server.uri, { monitorCommands: true }).connect();
const db = client.db('trace');
await ensureIndexes(db);
const store = new MongoPlanStore(db);
const engine = createEngine({ plan: readPlanFile(), store, admins: [], timeZone: 'Pacific/Auckland', staleAfterDays: 14, logger: createLogger('warn'), away: new MongoAwayStore(db), milestones: new MongoMilestoneStore(db) });
const who = { platform: 'slack' as const, userId: 'U1', displayName: 'Jane', email: 'jane@ird.govt.nz' };
for (let i = 0; i < 30; i++) await engine.run(`update 7 on-track n${i}`, who, { request: { key: `k${i}` } });
await store.settled();
const seen: string[] = [];
client.on('commandStarted', (e: CommandStartedEvent) => seen.push(`${e.commandName} ${String(e.command[e.commandName])} ${JSON.stringify(e.command.filter ?? e.command.updates?.[0]?.q ?? '')}`.slice(0, 160)));
for (const text of ['show 7', 'history 7', 'who coordinates 13b', 'update 7 at-risk x']) {
  seen.length = 0;
  const t = performance.now();
  await engine.run(text, who, { request: { key: `t-${text}` } });
  console.log(`\n${text}: ${(performance.now() - t).toFixed(1)} ms`);
  for (const s of seen) console.log('  ', s);
}
await store.settled();
await client.close();
await server.stop();

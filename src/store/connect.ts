// Opening the database: a client tuned to fail fast when the server is away
// (users hear "not saved" in seconds, not minutes) and to recover by itself.
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../core/logger.js';
import { ensureIndexes } from './collections.js';
import { watchHeartbeats } from './heartbeat-watchdog.js';
import { directWrites, serialWriteQueue, type WriteQueue } from './write-queue.js';
import { answersPing } from './time-limit.js';
import { gateWritesWhileAway } from './outage-gate.js';

export interface Database {
  client: MongoClient;
  db: Db;
  /** FerretDB or MongoDB, as the server reports itself. */
  server: 'ferretdb' | 'mongodb';
  /** How this process should issue writes to this server (one at a time on FerretDB). */
  writes: WriteQueue;
  /** true when the server answers a ping. */
  ping(): Promise<boolean>;
  /** Whether to ask the server now: true at once unless it is known away (outage-gate.ts; always true on MongoDB). */
  reachable(): true | Promise<boolean>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3000;
const HEARTBEAT_FREQUENCY_MS = 10_000;

export async function connectDatabase(uri: string, dbName: string, logger?: Logger): Promise<Database> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    // A hung server means "not saved" after 8 s, well inside Teams' 15 s and
    // Slack's response_url window, rather than a long wait.
    socketTimeoutMS: 8000,
    maxPoolSize: 50,
    appName: 'tsoc-bot',
  });
  await client.connect();
  // A polling heartbeat ends within the connect timeout (3 s), a streaming one
  // within the server's wait plus that (13 s); well past that it is stuck
  // (see the watchdog). FerretDB polls.
  const watchdog = watchHeartbeats(client, {
    stuckAfterMs: CONNECT_TIMEOUT_MS + 9000,
    awaitedStuckAfterMs: HEARTBEAT_FREQUENCY_MS + CONNECT_TIMEOUT_MS + 7000,
    checkEveryMs: 2000,
    onReconnect: ({ address, openForMs, error }) =>
      logger?.warn('database heartbeat stuck; client reconnected', {
        address, openForMs, ...(error ? { reconnectError: error instanceof Error ? error.message : String(error) } : {}),
      }),
  });
  const db = client.db(dbName);
  await ensureIndexes(db);
  const info = await db.admin().command({ buildInfo: 1 });
  const server = 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
  // One at a time on FerretDB, and refused at once while the server is known away (the queue
  // would otherwise hold each write for a whole server selection).
  const gate = server === 'ferretdb' ? gateWritesWhileAway(serialWriteQueue(), client, db) : undefined;
  return {
    client,
    db,
    server,
    writes: gate?.writes ?? directWrites,
    reachable: gate?.reachable ?? (() => true),
    ping: () => answersPing(db, 2000),
    close: async () => {
      gate?.stop();
      watchdog.stop();
      await client.close();
    },
  };
}

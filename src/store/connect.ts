// Opening the database: a client tuned to fail fast when the server is away
// (users hear "not saved" in seconds, not minutes) and to recover by itself.
import { MongoClient, type Db } from 'mongodb';
import { ensureIndexes } from './collections.js';

export interface Database {
  client: MongoClient;
  db: Db;
  /** true when the server answers a ping. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectDatabase(uri: string, dbName: string): Promise<Database> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 20000,
    // Every operation gives up after 8 s, so a hung server means "not saved" well
    // inside Teams' 15 s and Slack's response_url window rather than a long wait.
    timeoutMS: 8000,
    maxPoolSize: 50,
    appName: 'tsoc-bot',
  });
  await client.connect();
  const db = client.db(dbName);
  await ensureIndexes(db);
  return {
    client,
    db,
    async ping() {
      try {
        await db.command({ ping: 1 }, { timeoutMS: 2000 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

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

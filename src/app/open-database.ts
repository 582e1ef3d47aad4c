// Opens the configured database — MONGODB_URI, or an embedded server under
// DATA_DIR — creates indexes and loads the plan. Shared by the server and CLI.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { Plan } from '../core/plan/plan.js';
import { connectDatabase, type Database } from '../store/connect.js';
import { startEmbeddedDatabase, writePrivateFile, type EmbeddedDatabase } from '../store/embedded-server.js';
import { loadPlanIntoDb } from '../store/load-plan-into-db.js';
import { MongoPlanStore } from '../store/mongo-store.js';
import { projectRoot } from './project-root.js';

export interface OpenDatabase extends Database {
  engine: 'mongodb' | 'ferretdb' | 'mongodb-memory-server';
  /** Closes the client and stops an embedded server this process started. */
  shutdown(): Promise<void>;
}

const RUNNING_FILE = 'embedded.json';

/** An embedded server another process (the running bot) started and still owns. */
function runningEmbedded(dataDir: string): { uri: string; engine: EmbeddedDatabase['engine'] } | undefined {
  const file = path.join(dataDir, RUNNING_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as { uri: string; pid: number; engine: EmbeddedDatabase['engine'] };
    process.kill(info.pid, 0); // throws when that process is gone
    return info;
  } catch {
    return undefined;
  }
}

export interface OpenOptions {
  /** The bot shares its embedded server with CLI runs through a file in DATA_DIR. */
  share?: boolean;
  /** Rebuild the current-status projection from the log (the bot, at start; not every CLI run). */
  repair?: boolean;
}

export async function openDatabase(config: Config, plan: Plan, logger: Logger, options: OpenOptions = {}): Promise<OpenDatabase> {
  let uri = config.MONGODB_URI;
  let engine: OpenDatabase['engine'] = 'mongodb';
  let embedded: EmbeddedDatabase | undefined;
  const dataDir = path.resolve(config.DATA_DIR);
  if (!uri) {
    const running = runningEmbedded(dataDir);
    if (running) {
      ({ uri, engine } = running);
    } else {
      embedded = await startEmbeddedDatabase({ dataDir, projectRoot: projectRoot(), ...(config.FERRETDB_BIN ? { ferretdbBin: config.FERRETDB_BIN } : {}) });
      ({ uri, engine } = embedded);
      if (options.share) writePrivateFile(path.join(dataDir, RUNNING_FILE), JSON.stringify({ uri, engine, pid: process.pid }));
    }
  }
  logger.info('database', { engine, embedded: !config.MONGODB_URI, db: config.MONGODB_DB });
  let db: Database;
  try {
    db = await connectDatabase(uri, config.MONGODB_DB, logger);
    await loadPlanIntoDb(db.db, db.writes, plan.data);
    if (options.repair) await new MongoPlanStore(db.db, { writes: db.writes }).rebuildLatest();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    ...db,
    engine,
    async shutdown() {
      await db.close();
      if (embedded) {
        if (options.share) rmSync(path.join(dataDir, RUNNING_FILE), { force: true });
        await embedded.stop();
      }
    },
  };
}

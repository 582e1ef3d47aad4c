// The database a benchmark runs against: MONGODB_URI when set, otherwise an
// embedded one in a throw-away folder, removed again by stop().
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/app/project-root.js';
import { startEmbeddedDatabase } from '../src/store/embedded-server.js';

export interface BenchDatabase {
  uri: string;
  engine: string;
  /** The embedded server's process (its CPU time is read from /proc); none for MONGODB_URI. */
  pid?: number;
  stop(): Promise<void>;
}

export async function benchDatabase(name: string): Promise<BenchDatabase> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, engine: 'mongodb', stop: async () => undefined };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `tsoc-bench-${name}-`));
  const db = await startEmbeddedDatabase({ dataDir, projectRoot: projectRoot() });
  return {
    uri: db.uri,
    engine: db.engine,
    ...(db.pid ? { pid: db.pid } : {}),
    async stop() {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

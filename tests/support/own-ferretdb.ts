// A FerretDB of a test's own, which the test can stop and start again on the
// same port and data folder (for "database down" and recovery tests).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/store/embedded-server.js';

export interface OwnDatabase {
  uri: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

const projectRoot = path.resolve(import.meta.dirname, '../..');

export async function ownFerretDb(): Promise<OwnDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-own-db-'));
  let db: EmbeddedDatabase | undefined = await startEmbeddedDatabase({ dataDir, projectRoot });
  const port = Number(new URL(db.uri).port);
  return {
    uri: db.uri,
    async stop() {
      await db?.stop();
      db = undefined;
    },
    async restart() {
      db = await startEmbeddedDatabase({ dataDir, projectRoot, port });
    },
    async dispose() {
      await db?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Starts one MongoDB-compatible server for the whole run (FerretDB when built,
// else mongodb-memory-server) in a throw-away folder, and stops it afterwards.
// With MONGODB_URI set, the suite runs against that server instead.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../src/store/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    dbEngine: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    project.provide('dbEngine', 'mongodb');
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-test-db-'));
  const db = await startEmbeddedDatabase({ dataDir, projectRoot: path.resolve(import.meta.dirname, '../..') });
  project.provide('mongoUri', db.uri);
  project.provide('dbEngine', db.engine);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

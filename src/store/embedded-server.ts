// Starts a MongoDB-compatible server on loopback when no MONGODB_URI is given:
// the FerretDB launcher (tools/ferretdb, SQLite files under a data folder) when
// it is built, else mongodb-memory-server (which needs to download a mongod).
// The server takes no password, so its files and its address are kept from
// other users of the machine: folders 0700, files 0600.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface EmbeddedDatabase {
  uri: string;
  engine: 'ferretdb' | 'mongodb-memory-server';
  /** The server's process, when it is one of its own (the benchmarks read its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the database's files (kept across restarts). */
  dataDir: string;
  /** The launcher binary; default .bin/ferretdb under `projectRoot`. */
  ferretdbBin?: string;
  projectRoot: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
}

/** Creates (or closes up) a folder only this user may enter. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes a file only this user may read (e.g. embedded.json, the running server's address). */
export function writePrivateFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // mode applies only when the file is created
}

/** Files a previous version left readable to everyone are closed up too. */
function privateFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) chmodSync(path.join(dir, entry.name), 0o600);
}

export function ferretdbPath(options: Pick<EmbeddedOptions, 'ferretdbBin' | 'projectRoot'>): string {
  return options.ferretdbBin ?? path.join(options.projectRoot, '.bin', 'ferretdb');
}

export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const bin = ferretdbPath(options);
  if (existsSync(bin)) return startFerretDb(bin, options);
  if (options.ferretdbBin) throw new Error(`FERRETDB_BIN: no file at ${options.ferretdbBin}`);
  return startMemoryServer(options);
}

async function startFerretDb(bin: string, options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  privateDir(path.resolve(options.dataDir));
  const dir = path.resolve(options.dataDir, 'ferretdb');
  privateDir(dir);
  privateFiles(dir);
  const child = spawn(bin, ['--listen', `127.0.0.1:${options.port ?? 0}`, '--data', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error('FerretDB did not start within 30 s')), 30_000);
    function fail(err: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${stderr.join('').trim()}`));
    }
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`FerretDB exited with code ${code} before it was ready`)));
  });
  child.removeAllListeners('exit');
  return { uri, engine: 'ferretdb', ...(child.pid ? { pid: child.pid } : {}), stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startMemoryServer(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  let mod: typeof import('mongodb-memory-server');
  try {
    mod = await import('mongodb-memory-server');
  } catch {
    throw new Error(
      'No database: MONGODB_URI is unset, .bin/ferretdb is not built, and mongodb-memory-server is not installed. ' +
        'Set MONGODB_URI to a MongoDB server, or install Go and run `npm start` (or `npm test`), which builds ' +
        '.bin/ferretdb (by hand: `go build -o .bin/ferretdb ./tools/ferretdb`).',
    );
  }
  privateDir(path.resolve(options.dataDir));
  const dbPath = path.resolve(options.dataDir, 'mongod');
  privateDir(dbPath);
  const server = await mod.MongoMemoryServer.create({
    instance: { ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger', ...(options.port ? { port: options.port } : {}) },
  });
  return { uri: server.getUri(), engine: 'mongodb-memory-server', stop: async () => void (await server.stop({ doCleanup: false })) };
}

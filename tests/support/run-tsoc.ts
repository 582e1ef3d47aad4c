// Runs the compiled `tsoc` command as a terminal user would, against the
// suite's database (a database name of the test file's own), with exactly the
// environment given: its exit code, stdout and stderr.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/tsoc.js');

export interface TsocResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tsocRunner(dbName: string, baseEnv: Record<string, string> = {}): (args: string[], env?: Record<string, string>) => Promise<TsocResult> {
  return async (args, env = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
        env: { PATH: process.env.PATH ?? '', MONGODB_URI: inject('mongoUri'), MONGODB_DB: dbName, ...baseEnv, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

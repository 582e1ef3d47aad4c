// Per-file test fixtures: a fresh database name on the suite's server, a
// validated config, and a logger that keeps lines for assertions.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import type { Logger } from '../../src/core/logger.js';

export function testDbName(prefix = 't'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    MONGODB_URI: inject('mongoUri'),
    MONGODB_DB: testDbName(),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

export interface MemoryLogger extends Logger {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
}

export function memoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

// JSON-lines logger on stderr, filtered by LOG_LEVEL.
import type { LogFields, Logger } from './core/logger.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const log = (at: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const extra = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? v.message : v]));
    write(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...extra }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

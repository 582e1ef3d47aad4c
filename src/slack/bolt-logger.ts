// Bolt, its WebClient and the Socket Mode client log through the bot's own
// JSON-lines logger, tagged with where the line came from.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../core/logger.js';

export function boltLogger(logger: Logger, name = 'slack'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let source = name;
  const line = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    // Bolt's debug and info chatter stays at debug: the bot logs what matters itself.
    debug: (...msg) => logger.debug(line(msg), { source }),
    info: (...msg) => logger.debug(line(msg), { source }),
    warn: (...msg) => logger.warn(line(msg), { source }),
    error: (...msg) => logger.error(line(msg), { source }),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: (n) => void (source = n),
  };
}

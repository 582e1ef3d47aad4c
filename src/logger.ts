// JSON-lines logger on stderr, filtered by LOG_LEVEL: pino, for its redaction and its speed; the
// core sees only the small Logger port. Logs are read by people who are not entitled to what the
// bot handles, so secrets and people's addresses never reach them, whatever the level.
import pino from 'pino';
import type { LogFields, Logger } from './core/logger.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const CENSOR = '[redacted]';

// Keys whose whole value is a credential, at the top level, one level down (`headers.authorization`,
// `slack.token`) and as the platforms' own names for them.
const SECRET_KEYS = ['token', 'accessToken', 'botToken', 'appToken', 'authorization', 'cookie', 'secret', 'clientSecret', 'signingSecret', 'password', 'appPassword'];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), 'headers.authorization', 'headers.cookie'];

// An address names a person; its domain names only the agency, which is what an operator needs.
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/g;
// Credentials that can turn up in free text (an SDK's message, a URL): Slack's tokens by their
// prefixes, and whatever follows "Bearer".
const TOKEN = /\b(?:xox[abprs]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+|\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const hideEmails = (text: string) => text.replace(EMAIL, `${CENSOR}@$1`).replace(TOKEN, (_, bearer?: string) => `${bearer ?? ''}${CENSOR}`);

/** Errors become their message (a stack in a log line is noise); addresses are hidden in every string, nested too. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return hideEmails(value);
  if (value instanceof Error) return hideEmails(value.message);
  if (depth >= 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  // Dates, ObjectIds and the like print through their toJSON; only plain objects are walked.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

/** `write` receives one JSON object per call, without the newline (the CLI passes its stderr writer). */
export function createLogger(level: LogLevel = 'info', write?: (line: string) => void): Logger {
  // process.stderr as before, so lines stay in order with anything else written there.
  const destination = write ? { write: (chunk: string) => write(chunk.replace(/\n$/, '')) } : process.stderr;
  const log = pino(
    {
      level,
      base: undefined, // no pid or hostname: the same fields as before pino
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
    },
    destination,
  );
  const at = (l: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (!log.isLevelEnabled(l)) return;
    log[l](scrub(fields) as object, hideEmails(message));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

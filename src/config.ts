// The bot's whole configuration: one zod schema over the environment, read by
// a pure function (the environment is a parameter, never read deep inside).
import { z } from 'zod';
import cron from 'node-cron';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const emailList = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.email({ message: 'a comma-separated list of email addresses' })));

const idList = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((e) => e.trim()).filter(Boolean));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-NZ', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  MONGODB_URI: optionalText.pipe(
    z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// connection string').optional(),
  ),
  MONGODB_DB: z.string().trim().regex(/^[A-Za-z0-9_-]{1,63}$/, 'a database name (letters, digits, _ or -)').default('tsoc'),
  FERRETDB_BIN: optionalText,
  DATA_DIR: z.string().trim().min(1).default('.data'),
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional()),
  SLACK_API_URL: z.url({ message: 'an http(s) URL ending in /' }).default('https://slack.com/api/'),
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  TEAMS_ALLOWED_TENANTS: idList,
  TSOC_ADMINS: emailList,
  DIGEST_SCHEDULE: z
    .string()
    .trim()
    .default('0 9 * * 1')
    .refine((s) => cron.validate(s), 'a node-cron expression, e.g. "0 9 * * 1" (seconds field allowed)'),
  PLAN_TIMEZONE: z.string().trim().default('Pacific/Auckland').refine(isTimeZone, 'an IANA time zone such as Pacific/Auckland'),
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Prometheus metrics on a listener of their own; off when unset (0: any free port, for tests).
  METRICS_PORT: optionalText.pipe(
    z.string().regex(/^\d{1,5}$/, 'a port number (0–65535)').transform(Number).pipe(z.number().int().max(65535, 'a port number (0–65535)')).optional(),
  ),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

export type Config = z.infer<typeof configSchema> & {
  slack: { mode: 'off' | 'http' | 'socket' };
  teams: { mode: 'local' | 'authenticated' };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: expected ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  const problems: string[] = [];
  const slackAny = c.SLACK_BOT_TOKEN || c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN;
  if (slackAny && !c.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required when Slack is configured (xoxb-…)');
  if (slackAny && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    problems.push('SLACK_SIGNING_SECRET: required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  if (!c.SLACK_API_URL.endsWith('/')) problems.push('SLACK_API_URL: expected a URL ending in /');
  if (Boolean(c.TEAMS_APP_ID) !== Boolean(c.TEAMS_APP_PASSWORD))
    problems.push('TEAMS_APP_ID and TEAMS_APP_PASSWORD: set both (Azure Bot registration) or neither (local mode)');
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT)
    problems.push('METRICS_PORT: must differ from PORT (metrics are never served on the main port)');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    ...c,
    slack: { mode: !c.SLACK_BOT_TOKEN ? 'off' : c.SLACK_APP_TOKEN ? 'socket' : 'http' },
    teams: { mode: c.TEAMS_APP_ID ? 'authenticated' : 'local' },
  };
}

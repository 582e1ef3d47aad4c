// The bot's whole configuration: one zod schema over the environment, read by
// a pure function (the environment is a parameter, never read deep inside).
import { z } from 'zod';
import cron from 'node-cron';
import { NZ_REGIONS, type NzRegion, type WorkingCalendar } from './core/calendar/nz-holidays.js';

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

/** An allowed Bot Framework service host: https, or http on 127.0.0.1 (a test's connector). */
function isServiceOrigin(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && u.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/** Addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-NZ', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** A region by its code (WGN) or its name (Wellington), in any case, with or without macrons. */
function regionCode(value: string): NzRegion | undefined {
  const code = value.trim().toUpperCase();
  if (code in NZ_REGIONS) return code as NzRegion;
  const entry = Object.entries(NZ_REGIONS).find(([, name]) => plain(name) === plain(value));
  return entry?.[0] as NzRegion | undefined;
}

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  // Loopback unless the operator opens it (a container sets 0.0.0.0 behind its own network).
  HOST: z.string().trim().min(1).default('127.0.0.1'),
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
  /** The workspace the bot serves (T…): Slack sign-ins to the board count only from it, and auth.test must agree. */
  SLACK_TEAM_ID: optionalText.pipe(z.string().regex(/^T[A-Z0-9]{2,}$/, 'a Slack workspace id such as T0123ABCD').optional()),
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  TEAMS_ALLOWED_TENANTS: idList,
  TEAMS_LOCAL_MODE: z
    .string()
    .trim()
    .toLowerCase()
    .default('false')
    .pipe(z.enum(['true', 'false', ''], { message: 'true or false' }))
    .transform((s) => s === 'true'),
  TEAMS_SERVICE_URLS: z
    .string()
    .optional()
    .transform((s) => (s ?? '').split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isServiceOrigin, 'a comma-separated list of https:// URLs (http:// only for 127.0.0.1)'))),
  TEAMS_TENANT_DOMAINS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const bound: Record<string, string[]> = {};
      for (const part of (s ?? '').split(';').map((p) => p.trim()).filter(Boolean)) {
        const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(part);
        const domains = m ? m[2]!.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean) : [];
        if (!m || domains.length === 0 || !domains.every((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d))) {
          ctx.addIssue({ code: 'custom', message: 'tenant=domain,domain;tenant=domain (e.g. tenantA=police.govt.nz;tenantB=customs.govt.nz,ird.govt.nz)' });
          return z.NEVER;
        }
        bound[m[1]!.toLowerCase()] = [...(bound[m[1]!.toLowerCase()] ?? []), ...domains];
      }
      return bound;
    }),
  TSOC_ADMINS: emailList,
  DIGEST_SCHEDULE: z
    .string()
    .trim()
    .default('0 9 * * 1')
    .refine((s) => cron.validate(s), 'a node-cron expression, e.g. "0 9 * * 1" (seconds field allowed)'),
  PLAN_TIMEZONE: z.string().trim().default('Pacific/Auckland').refine(isTimeZone, 'an IANA time zone such as Pacific/Auckland'),
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  AGENCY_NAMES: z.enum(['english', 'bilingual'], { message: 'english or bilingual' }).default('english'),
  DIGEST_ON_HOLIDAYS: z
    .enum(['next-working-day', 'skip', 'send'], { message: 'one of next-working-day, skip, send' })
    .default('next-working-day'),
  HOLIDAY_REGION: optionalText.pipe(
    z
      .string()
      .transform((s) => regionCode(s))
      .refine((s): s is NzRegion => s !== undefined, `a New Zealand region for its anniversary day: ${Object.keys(NZ_REGIONS).join(', ')} (or its name, e.g. Wellington)`)
      .optional(),
  ),
  /** Public address of the web board, for sign-in links; default http://localhost:PORT. */
  BOARD_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'an http(s) URL such as https://tsoc-bot.example.govt.nz' }).optional()),
  // OpenID Connect sign-in to the board (optional; all three or none). See docs/decisions/0015.
  OIDC_ISSUER: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'an issuer URL such as https://login.microsoftonline.com/<tenant id>/v2.0 or https://slack.com' }).optional()),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  /** Which rules a sign-in follows, for an issuer that is neither Entra's nor Slack's own (a test's provider, GovSlack). */
  OIDC_KIND: optionalText.pipe(z.enum(['entra', 'slack'], { message: 'entra or slack' }).optional()),
  /** The plan's go-live date (start of that day in PLAN_TIMEZONE); unset: the first start against the database. */
  PLAN_START: optionalText.pipe(
    z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date such as 2026-07-01').optional(),
  ),
  /** The security classification shown on digests, exports and pages (New Zealand's Protective Security Requirements). */
  CLASSIFICATION: z
    .enum(['UNCLASSIFIED', 'IN-CONFIDENCE', 'SENSITIVE', 'RESTRICTED'], { message: 'one of UNCLASSIFIED, IN-CONFIDENCE, SENSITIVE, RESTRICTED' })
    .default('IN-CONFIDENCE'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Prometheus metrics on a listener of their own; off when unset (0: any free port, for tests).
  METRICS_PORT: optionalText.pipe(
    z.string().regex(/^\d{1,5}$/, 'a port number (0–65535)').transform(Number).pipe(z.number().int().max(65535, 'a port number (0–65535)')).optional(),
  ),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

export type OidcKind = 'entra' | 'slack';

/** OpenID Connect sign-in to the board, when configured: whose rules a sign-in follows, and the client. */
export interface OidcSettings {
  kind: OidcKind;
  /** The issuer as configured, without a trailing slash (discovery compares it exactly). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** An http issuer on this machine (a test's provider): the client may then make plain-http requests. */
  insecure: boolean;
}

export type Config = z.infer<typeof configSchema> & {
  slack: { mode: 'off' | 'http' | 'socket' };
  /** off: no /api/messages at all; local: TEAMS_LOCAL_MODE (loopback, no credentials); authenticated: TEAMS_APP_ID. */
  teams: { mode: 'off' | 'local' | 'authenticated' };
  /** Absent: no OpenID Connect sign-in (its routes answer 404). */
  oidc?: OidcSettings;
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
    problems.push('TEAMS_APP_ID and TEAMS_APP_PASSWORD: set both (Azure Bot registration) or neither');
  if (c.TEAMS_LOCAL_MODE && c.TEAMS_APP_ID)
    problems.push('TEAMS_LOCAL_MODE: local mode has no credentials to check; unset it when TEAMS_APP_ID is set (or unset TEAMS_APP_ID)');
  if (c.TEAMS_LOCAL_MODE && !isLoopbackHost(c.HOST))
    problems.push(`HOST: TEAMS_LOCAL_MODE=true accepts no credentials, so HOST must be a loopback address (127.0.0.1 or ::1), not ${c.HOST}`);
  const anyTenant = c.TEAMS_ALLOWED_TENANTS.includes('*');
  if (anyTenant && c.TEAMS_ALLOWED_TENANTS.length > 1)
    problems.push('TEAMS_ALLOWED_TENANTS: either * (every tenant) or a list of tenant ids, not both');
  if (c.TEAMS_APP_ID && !c.TEAMS_TENANT_ID && c.TEAMS_ALLOWED_TENANTS.length === 0)
    problems.push('TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS: name the Microsoft 365 tenant(s) this bot serves (or TEAMS_ALLOWED_TENANTS=* to serve every tenant, knowingly)');
  const served = new Set([c.TEAMS_TENANT_ID, ...c.TEAMS_ALLOWED_TENANTS].filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase()));
  for (const tenant of Object.keys(c.TEAMS_TENANT_DOMAINS))
    if (!anyTenant && !served.has(tenant)) problems.push(`TEAMS_TENANT_DOMAINS: ${tenant} is not a tenant this bot serves (TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS)`);
  const oidc = oidcSettings(c, served, anyTenant, problems);
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT)
    problems.push('METRICS_PORT: must differ from PORT (metrics are never served on the main port)');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    ...c,
    slack: { mode: !c.SLACK_BOT_TOKEN ? 'off' : c.SLACK_APP_TOKEN ? 'socket' : 'http' },
    teams: { mode: c.TEAMS_APP_ID ? 'authenticated' : c.TEAMS_LOCAL_MODE ? 'local' : 'off' },
    ...(oidc ? { oidc } : {}),
  };
}

/** Entra's tenant of personal Microsoft accounts (outlook.com and the like): no agency's directory. */
const CONSUMERS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * OpenID Connect sign-in: all three variables or none; whose rules a sign-in follows comes from the
 * issuer (Entra's or Slack's own), else from OIDC_KIND; and each kind needs what its trust rests on
 * (Entra: the served tenants, as for Teams; Slack: the bot's workspace).
 */
function oidcSettings(c: z.infer<typeof configSchema>, served: Set<string>, anyTenant: boolean, problems: string[]): OidcSettings | undefined {
  const given = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (given === 0) {
    if (c.OIDC_KIND) problems.push('OIDC_KIND: only means something with OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
    return undefined;
  }
  if (given < 3) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three (OpenID Connect sign-in to the board) or none');
    return undefined;
  }
  const issuer = new URL(c.OIDC_ISSUER!);
  const insecure = issuer.protocol === 'http:';
  if (insecure && !isLoopbackHost(issuer.hostname)) problems.push('OIDC_ISSUER: must be https (plain http only on this machine, for a test provider)');
  if (issuer.search || issuer.hash) problems.push('OIDC_ISSUER: an issuer has no query or fragment');
  let kind: OidcKind | undefined;
  if (issuer.origin === 'https://login.microsoftonline.com') {
    kind = 'entra';
    const tenant = /^\/([^/]+)\/v2\.0\/?$/.exec(issuer.pathname)?.[1]?.toLowerCase();
    if (!tenant) problems.push("OIDC_ISSUER: Microsoft Entra ID's issuer is https://login.microsoftonline.com/<tenant id>/v2.0 (or …/organizations/v2.0 for several tenants)");
    else if (tenant === 'consumers' || tenant === CONSUMERS_TENANT)
      problems.push('OIDC_ISSUER: personal Microsoft accounts are no agency\'s directory; use your tenant id, or organizations');
    else if (tenant !== 'organizations' && tenant !== 'common' && !anyTenant && !served.has(tenant))
      problems.push(`OIDC_ISSUER: tenant ${tenant} is not one this bot serves (TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS), so nobody could sign in`);
  } else if (issuer.href === 'https://slack.com/') {
    kind = 'slack';
  }
  if (kind && c.OIDC_KIND && c.OIDC_KIND !== kind)
    problems.push(`OIDC_KIND: ${c.OIDC_KIND} contradicts OIDC_ISSUER, which is ${kind === 'entra' ? 'Microsoft Entra ID' : 'Slack'}`);
  kind ??= c.OIDC_KIND;
  if (!kind) {
    problems.push('OIDC_KIND: OIDC_ISSUER is neither Microsoft Entra ID (https://login.microsoftonline.com/<tenant id>/v2.0) nor Slack (https://slack.com); set OIDC_KIND=entra or OIDC_KIND=slack to say whose rules its sign-ins follow');
    return undefined;
  }
  if (kind === 'entra' && served.size === 0 && !anyTenant)
    problems.push('TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS: an Entra sign-in to the board counts only from a tenant this bot serves; name it (or them), as for Teams');
  if (kind === 'slack' && !c.SLACK_TEAM_ID)
    problems.push("SLACK_TEAM_ID: a Slack sign-in to the board counts only from the bot's own workspace; give its id (T…, from auth.test or the workspace's URL)");
  return { kind, issuer: c.OIDC_ISSUER!.replace(/\/+$/, ''), clientId: c.OIDC_CLIENT_ID!, clientSecret: c.OIDC_CLIENT_SECRET!, insecure };
}

/** The working-day calendar of a configuration (slots move to the next working day unless told otherwise). */
export function workingCalendar(config: Partial<Pick<Config, 'DIGEST_ON_HOLIDAYS' | 'HOLIDAY_REGION'>>): WorkingCalendar {
  return { policy: config.DIGEST_ON_HOLIDAYS ?? 'next-working-day', ...(config.HOLIDAY_REGION ? { region: config.HOLIDAY_REGION } : {}) };
}

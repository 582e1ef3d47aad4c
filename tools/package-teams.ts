// `npm run package:teams`: the zip a Teams administrator uploads (Teams admin
// center → Manage apps → Upload, or Developer Portal → Import app).
// It fills manifests/teams/manifest.json from the environment, checks the
// result against the manifest schema's rules that matter here, and writes
// manifest.json, color.png and outline.png at the zip's root.
//
//   TEAMS_APP_ID=<Azure Bot's Microsoft App ID> BOT_HOST=tsoc-bot.example.govt.nz npm run package:teams
//
// Optional: TEAMS_APP_VERSION (default: package.json's version), TEAMS_DEVELOPER_NAME,
// TEAMS_WEBSITE_URL (default https://BOT_HOST/), TEAMS_PRIVACY_URL, TEAMS_TERMS_URL
// (default: the website URL); --out <file> (default dist/teams/tsoc-teams-app.zip).
//
// The zip itself is written by fflate (deflated entries, no directories).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEAMS_DIR = path.join(ROOT, 'manifests', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

type Env = Record<string, string | undefined>;

/** The template's placeholders, by name. */
export interface Settings {
  TEAMS_APP_ID: string;
  BOT_HOST: string;
  APP_VERSION: string;
  DEVELOPER_NAME: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
}

/** The parts of a Teams app manifest (v1.29) this tool checks; anything may be missing or mistyped. */
export interface Manifest {
  $schema?: string;
  manifestVersion?: string;
  version?: string;
  id?: string;
  developer?: { name?: string; websiteUrl?: string; privacyUrl?: string; termsOfUseUrl?: string };
  name?: { short?: string; full?: string };
  description?: { short?: string; full?: string };
  icons?: { color?: string; outline?: string };
  accentColor?: string;
  bots?: {
    botId?: string;
    scopes?: string[];
    commandLists?: { scopes?: string[]; commands?: { title?: string; description?: string }[] }[];
  }[];
  validDomains?: string[];
}

// ---------------------------------------------------------------- settings

/** The template's placeholders from the environment; `problems` names each bad variable. */
export function settingsFromEnv(env: Env, packageVersion = '1.0.0'): { values: Settings; problems: string[] } {
  const problems: string[] = [];
  const appId = (env.TEAMS_APP_ID ?? '').trim();
  const host = (env.BOT_HOST ?? '').trim().replace(/\/+$/, '');
  if (!GUID.test(appId)) {
    problems.push("TEAMS_APP_ID: expected the Azure Bot's Microsoft App ID, a GUID like 00000000-0000-0000-0000-000000000000");
  }
  if (!HOST.test(host)) {
    problems.push('BOT_HOST: expected the host name the bot is reached at, without https:// or a path (e.g. tsoc-bot.example.govt.nz)');
  }
  const website = (env.TEAMS_WEBSITE_URL ?? '').trim() || `https://${host}/`;
  const values: Settings = {
    TEAMS_APP_ID: appId.toLowerCase(),
    BOT_HOST: host.toLowerCase(),
    APP_VERSION: (env.TEAMS_APP_VERSION ?? '').trim() || packageVersion,
    DEVELOPER_NAME: (env.TEAMS_DEVELOPER_NAME ?? '').trim() || 'TSOC Action Plan bot operators',
    WEBSITE_URL: website,
    PRIVACY_URL: (env.TEAMS_PRIVACY_URL ?? '').trim() || website,
    TERMS_URL: (env.TEAMS_TERMS_URL ?? '').trim() || website,
  };
  if (!SEMVER.test(values.APP_VERSION)) {
    problems.push(`TEAMS_APP_VERSION: expected major.minor.patch (e.g. 1.0.0), got "${values.APP_VERSION}"`);
  }
  const urls = [
    ['TEAMS_WEBSITE_URL', 'WEBSITE_URL'],
    ['TEAMS_PRIVACY_URL', 'PRIVACY_URL'],
    ['TEAMS_TERMS_URL', 'TERMS_URL'],
  ] as const;
  for (const [name, key] of urls) {
    // A URL derived from a bad BOT_HOST is that variable's problem, already reported.
    const derived = !(env[name] ?? '').trim();
    if (!isHttpsUrl(values[key]) && !(derived && !HOST.test(host))) {
      problems.push(`${name}: expected an https:// URL, got "${values[key]}"`);
    }
  }
  return { values, problems };
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Replaces every ${{NAME}} in the template; the values are JSON-escaped. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): Manifest {
  const missing = new Set<string>();
  const text = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size) throw new Error(`manifest template: no value for ${[...missing].join(', ')}`);
  return JSON.parse(text) as Manifest;
}

// ---------------------------------------------------------------- checks

/**
 * The manifest schema's required fields and limits for what this app uses (Teams app
 * manifest v1.29: required manifestVersion, version, id, developer, name, description,
 * icons, accentColor; bots[].botId and scopes; commandLists of at most 10 commands).
 */
export function checkManifest(m: Manifest): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const str = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;
  need(
    typeof m.$schema === 'string' && m.$schema.endsWith(`/v${m.manifestVersion}/MicrosoftTeams.schema.json`),
    '$schema: must name the schema of manifestVersion',
  );
  need(/^1\.\d+$/.test(m.manifestVersion ?? ''), 'manifestVersion: expected 1.x');
  need(SEMVER.test(m.version ?? ''), 'version: expected major.minor.patch');
  need(GUID.test(m.id ?? ''), 'id: expected a GUID');
  need(str(m.developer?.name, 32), 'developer.name: 1–32 characters');
  for (const k of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'] as const) {
    const url = m.developer?.[k] ?? '';
    need(isHttpsUrl(url) && url.length <= 2048, `developer.${k}: an https URL`);
  }
  need(str(m.name?.short, 30), 'name.short: 1–30 characters');
  need(m.name?.full === undefined || str(m.name.full, 100), 'name.full: at most 100 characters');
  need(str(m.description?.short, 80), 'description.short: 1–80 characters');
  need(str(m.description?.full, 4000), 'description.full: 1–4000 characters');
  need(m.icons?.color === 'color.png' && m.icons?.outline === 'outline.png', 'icons: color.png and outline.png');
  need(/^#[0-9a-fA-F]{6}$/.test(m.accentColor ?? ''), 'accentColor: a #RRGGBB colour');
  need(Array.isArray(m.bots) && m.bots.length === 1, 'bots: exactly one bot');
  for (const bot of m.bots ?? []) {
    need(GUID.test(bot.botId ?? ''), "bots[0].botId: the Azure Bot's Microsoft App ID (a GUID)");
    const scopes = new Set(bot.scopes ?? []);
    need(
      ['personal', 'team', 'groupChat'].every((s) => scopes.has(s)) && scopes.size === 3,
      'bots[0].scopes: personal, team and groupChat',
    );
    for (const list of bot.commandLists ?? []) {
      const commands = list.commands;
      need(Array.isArray(commands) && commands.length >= 1 && commands.length <= 10, 'commandLists: 1–10 commands per list');
      need((list.scopes ?? []).every((s) => scopes.has(s)), "commandLists.scopes: only the bot's scopes");
      for (const c of commands ?? []) {
        need(str(c.title, 32), `command "${c.title}": title 1–32 characters`);
        need(str(c.description, 128), `command "${c.title}": description 1–128 characters`);
      }
    }
    need((bot.commandLists ?? []).length >= 1, 'bots[0].commandLists: the common commands');
  }
  for (const d of m.validDomains ?? []) {
    need(
      typeof d === 'string' && !/^[a-z]+:\/\//i.test(d) && !d.includes('/'),
      `validDomains: "${d}" must be a host name without scheme or path`,
    );
  }
  return problems;
}

/** Width and height of a PNG (from its IHDR chunk), or undefined when it is not one. */
export function pngSize(buf: Buffer): { width: number; height: number } | undefined {
  if (buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47 || buf.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

// ---------------------------------------------------------------- zip

/** A zip archive (deflated entries, no directories) of `entries`, in order. */
export function zip(entries: readonly { name: string; data: Uint8Array }[], date = new Date()): Buffer {
  const files: Zippable = {};
  for (const { name, data } of entries) files[name] = [data, { level: 9, mtime: date }];
  return Buffer.from(zipSync(files));
}

// ---------------------------------------------------------------- main

export type PackageResult =
  | { problems: []; manifest: Manifest; archive: Buffer }
  | { problems: string[]; manifest?: undefined; archive?: undefined };

export function buildPackage(env: Env, teamsDir = TEAMS_DIR): PackageResult {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const { values, problems } = settingsFromEnv(env, pkg.version);
  if (problems.length) return { problems };
  const manifest = fillTemplate(readFileSync(path.join(teamsDir, 'manifest.json'), 'utf8'), { ...values });
  const color = readFileSync(path.join(teamsDir, 'color.png'));
  const outline = readFileSync(path.join(teamsDir, 'outline.png'));
  const icons = [
    { buf: color, size: 192, name: 'color.png' },
    { buf: outline, size: 32, name: 'outline.png' },
  ];
  const iconProblems = icons
    .filter(({ buf, size }) => pngSize(buf)?.width !== size || pngSize(buf)?.height !== size)
    .map(({ size, name }) => `${name}: expected a ${size}×${size} PNG`);
  const all = [...checkManifest(manifest), ...iconProblems];
  if (all.length) return { problems: all.map((p) => `manifest ${p}`) };
  const archive = zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
  ]);
  return { problems: [], manifest, archive };
}

function main(): void {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outArg = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const out = path.resolve(outArg ?? path.join(ROOT, 'dist', 'teams', 'tsoc-teams-app.zip'));
  const result = buildPackage(process.env);
  if (!result.archive) {
    console.error(`Cannot build the Teams app package:\n  ${result.problems.join('\n  ')}`);
    process.exit(1);
  }
  const { manifest, archive } = result;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, archive);
  console.log(`Teams app package: ${out}`);
  console.log(
    `  app id ${manifest.id}, version ${manifest.version}, manifest ${manifest.manifestVersion}, valid domain ${(manifest.validDomains ?? []).join(', ')}`,
  );
  console.log('  Upload it in the Teams admin center (Teams apps → Manage apps → Upload new app) or the Developer Portal.');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

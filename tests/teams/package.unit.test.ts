// `npm run package:teams` as an administrator runs it: the zip Teams takes,
// its manifest's required fields filled from the environment, and the icons
// (192×192 colour; 32×32 white on transparent) that the project draws.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readPng, unzip } from './support/unzip.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const TOOL = path.join(ROOT, 'tools/package-teams.ts');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tsoc-teams-pkg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const APP_ID = '0f3c2a1b-1234-4abc-9def-0123456789ab';

async function pack(env: Record<string, string>, out = path.join(tmp, `app-${Math.random().toString(36).slice(2)}.zip`)) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEAMS_') && k !== 'BOT_HOST'));
  try {
    // What `npm run package:teams` runs (the tool is TypeScript, run through tsx).
    const { stdout } = await run(process.execPath, ['--import', 'tsx', TOOL, '--out', out], { cwd: ROOT, env: { ...clean, ...env } });
    return { code: 0, stdout, stderr: '', out };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, out };
  }
}

describe('npm run package:teams', () => {
  it('writes a zip with the filled manifest and both icons at its root', async () => {
    const result = await pack({ TEAMS_APP_ID: APP_ID.toUpperCase(), BOT_HOST: 'tsoc-bot.example.govt.nz' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(result.out);
    const files = unzip(readFileSync(result.out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const m = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    // The schema's required fields (Teams app manifest v1.29).
    for (const key of ['manifestVersion', 'version', 'id', 'developer', 'name', 'description', 'icons', 'accentColor']) expect(m).toHaveProperty(key);
    expect(m.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json');
    expect(m.manifestVersion).toBe('1.29');
    expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.id).toBe(APP_ID);
    expect(m.developer).toMatchObject({ websiteUrl: 'https://tsoc-bot.example.govt.nz/', privacyUrl: expect.stringMatching(/^https:\/\//), termsOfUseUrl: expect.stringMatching(/^https:\/\//) });
    expect(m.name.short.length).toBeLessThanOrEqual(30);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(m.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(m.validDomains).toEqual(['tsoc-bot.example.govt.nz']);
    expect(JSON.stringify(m)).not.toContain('${{');

    const [bot] = m.bots;
    expect(bot.botId).toBe(APP_ID);
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const commands = bot.commandLists[0].commands as { title: string; description: string }[];
    expect(commands.length).toBeLessThanOrEqual(10);
    expect(commands.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'who coordinates 13b', 'show 7', 'list police', 'update 7 on-track']));
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });

  it('ships a 192×192 opaque colour icon and a 32×32 white-on-transparent outline', async () => {
    const files = unzip(readFileSync((await pack({ TEAMS_APP_ID: APP_ID, BOT_HOST: 'bot.example.govt.nz' })).out));
    const color = readPng(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.pixels.length; i += 4) expect(color.pixels[i]).toBe(255);

    const outline = readPng(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let white = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      expect([r, g, b, a]).toEqual([255, 255, 255, 255]);
      white += 1;
    }
    expect(white).toBeGreaterThan(50); // there is a drawing, not an empty square
  });

  it('keeps the committed icons the same as the script draws them', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `
      import { createHash } from 'node:crypto';
      import { colourIcon, outlineIcon } from ${JSON.stringify(path.join(ROOT, 'manifests/teams/make-icons.mjs'))};
      const h = (b) => createHash('sha256').update(b).digest('hex');
      console.log(JSON.stringify([h(colourIcon()), h(outlineIcon())]));`]);
    const h = (file: string) => createHash('sha256').update(readFileSync(path.join(ROOT, 'manifests/teams', file))).digest('hex');
    expect(JSON.parse(stdout)).toEqual([h('color.png'), h('outline.png')]);
  });

  it.each([
    [{}, ['TEAMS_APP_ID', 'BOT_HOST']],
    [{ TEAMS_APP_ID: 'my-bot', BOT_HOST: 'bot.example.govt.nz' }, ['TEAMS_APP_ID']],
    [{ TEAMS_APP_ID: APP_ID, BOT_HOST: 'https://bot.example.govt.nz/api/messages' }, ['BOT_HOST']],
    [{ TEAMS_APP_ID: APP_ID, BOT_HOST: 'bot.example.govt.nz', TEAMS_PRIVACY_URL: 'http://insecure.example' }, ['TEAMS_PRIVACY_URL']],
    [{ TEAMS_APP_ID: APP_ID, BOT_HOST: 'bot.example.govt.nz', TEAMS_APP_VERSION: 'v2' }, ['TEAMS_APP_VERSION']],
  ])('refuses %j, naming %j, and writes nothing', async (env, named) => {
    const result = await pack(env as Record<string, string>);
    expect(result.code).toBe(1);
    for (const name of named) expect(result.stderr).toContain(`${name}:`);
    expect(() => readFileSync(result.out)).toThrow();
  });
});

#!/usr/bin/env node
// Brings a checkout up to date before start, test and bench: compiles the
// TypeScript, and builds the FerretDB launcher (.bin/ferretdb) when Go is
// installed and the binary is missing or older than its sources (docs/decisions/0010-embedded-ferretdb-launcher.md).
// Usage: node tools/prepare.mjs [--ferretdb-only] [--ts-only]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildFerretDb() {
  const bin = path.join(root, '.bin', 'ferretdb');
  const sources = path.join(root, 'tools', 'ferretdb');
  const stale = !existsSync(bin) || statSync(bin).mtimeMs < newestSource(sources);
  if (!stale) return;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    console.warn('prepare: Go is not installed, so .bin/ferretdb is not built; the embedded database will be mongodb-memory-server.');
    return;
  }
  console.log(`prepare: building .bin/ferretdb with ${go.stdout.trim()} (first build takes a minute)…`);
  execFileSync('go', ['build', '-o', bin, '.'], { cwd: sources, stdio: 'inherit' });
}

function buildTypeScript() {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}

if (!args.has('--ts-only')) buildFerretDb();
if (!args.has('--ferretdb-only')) buildTypeScript();

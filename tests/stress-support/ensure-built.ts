// The suites run the compiled bot (dist/src/main.js, what `npm start` runs).
// `npm run test:load` / `test:faults` compile first; a direct `npx vitest run
// --config vitest.stress.config.ts …` compiles here when src/ is newer.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './bot-process.js';

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuilt(): void {
  const main = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');
  const sources = newest(path.join(PROJECT_ROOT, 'src'));
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'tools', 'prepare.mjs'), '--ts-only'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}

#!/usr/bin/env node
// `npm run playground`: the Microsoft 365 Agents Playground (a local Teams
// client, no Microsoft account) pointed at the bot running in local mode.
//
//   npm start            # terminal 1: the bot, local mode (no TEAMS_APP_ID)
//   npm run playground   # terminal 2: then open the URL it prints
//
// Its people, emails and tenant come from .m365agentsplayground.yml in the
// project root (you are a Police user; the team has IRD, MBIE, Customs, Justice
// and Health people). Options: --port <n> for the Playground (default 56150),
// --endpoint <url> for the bot (default http://127.0.0.1:$PORT/api/messages,
// PORT defaulting to 3978). The Playground's own log goes to devTools/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = '.m365agentsplayground.yml';

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export function playgroundCommand(args = process.argv.slice(2), env = process.env) {
  const botPort = env.PORT || '3978';
  const endpoint = option(args, '--endpoint') ?? `http://127.0.0.1:${botPort}/api/messages`;
  const port = option(args, '--port') ?? '56150';
  const bin = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  return {
    bin,
    endpoint,
    args: [bin, 'start', '-e', endpoint, '-c', 'msteams', '--disable-telemetry', '-p', port],
    // No browser is opened (the URL is printed); the sample people come from the yml in ROOT.
    env: { ...env, TEAMSAPPTESTER_BROWSER: 'none' },
    cwd: ROOT,
  };
}

async function botAnswers(endpoint) {
  try {
    const res = await fetch(new URL('/healthz', endpoint), { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function main() {
  const cmd = playgroundCommand();
  if (!existsSync(cmd.bin)) {
    console.error('The Agents Playground is not installed: run `npm install` (it is a devDependency, @microsoft/m365agentsplayground).');
    process.exit(2);
  }
  if (!existsSync(path.join(cmd.cwd, CONFIG))) console.warn(`${CONFIG} is missing from ${cmd.cwd}: the Playground will use its own sample users.`);
  if (!(await botAnswers(cmd.endpoint))) {
    console.warn(`The bot does not answer at ${new URL('/healthz', cmd.endpoint)} yet. Start it with \`npm start\` (without TEAMS_APP_ID, so it runs in local mode).`);
  }
  console.log(`Starting the Microsoft 365 Agents Playground for ${cmd.endpoint} …`);
  const child = spawn(process.execPath, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ['inherit', 'pipe', 'inherit'] });
  // Its output is passed on; when it is listening, say where to point the browser.
  let told = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const port = /Listening on (\d+)/.exec(chunk.toString())?.[1];
    if (port && !told) {
      told = true;
      console.log(`\nOpen http://localhost:${port} in a browser to chat with the bot (its people and their emails: ${CONFIG}).\n`);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

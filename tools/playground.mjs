#!/usr/bin/env node
// `npm run playground`: the Microsoft 365 Agents Playground (a local Teams
// client, no Microsoft account) pointed at the bot running in local mode.
//
//   npm run playground   # then open the URL it prints
//
// When no bot answers at the endpoint, it starts one itself in local mode
// (TEAMS_LOCAL_MODE=true, HOST=127.0.0.1, built first if the build is stale;
// its log goes to devTools/tsoc-bot.log) and stops it again on exit. A bot you
// started yourself must have TEAMS_LOCAL_MODE=true: without it (or credentials)
// Teams is off and /api/messages answers 404.
//
// Its people, emails and tenant come from .m365agentsplayground.yml in the
// project root (you are a Police user; the team has IRD, MBIE, Customs, Justice
// and Health people). Options: --port <n> for the Playground (default 56150),
// --endpoint <url> for the bot (default http://127.0.0.1:$PORT/api/messages,
// PORT defaulting to 3978). The Playground's own log goes to devTools/.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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

/** How the Playground's own bot is started: the built entry point, local mode, on loopback, at the endpoint's port. */
export function localBotCommand(endpoint, env = process.env) {
  return {
    args: [path.join(ROOT, 'dist', 'src', 'main.js')],
    env: { ...env, TEAMS_LOCAL_MODE: 'true', HOST: '127.0.0.1', PORT: new URL(endpoint).port || '80' },
    cwd: ROOT,
  };
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/** True when dist/ is missing or older than src/ (a fresh clone, or edited sources). */
function buildIsStale() {
  const main = path.join(ROOT, 'dist', 'src', 'main.js');
  return !existsSync(main) || statSync(main).mtimeMs < newest(path.join(ROOT, 'src'));
}

/** 'down' (nothing answers), 'teams-off' (a bot, but no /api/messages) or 'ready'. */
async function botState(endpoint) {
  try {
    const health = await fetch(new URL('/healthz', endpoint), { signal: AbortSignal.timeout(2000) });
    if (!health.ok) return 'down';
    const probe = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000) });
    return probe.status === 404 ? 'teams-off' : 'ready';
  } catch {
    return 'down';
  }
}

function isLoopbackEndpoint(endpoint) {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

async function startLocalBot(endpoint) {
  if (buildIsStale()) {
    console.log('Building the bot (node tools/prepare.mjs) …');
    const built = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'prepare.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed (see above)');
  }
  const cmd = localBotCommand(endpoint);
  mkdirSync(path.join(ROOT, 'devTools'), { recursive: true });
  const logFile = path.join(ROOT, 'devTools', 'tsoc-bot.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  console.log(`Starting the bot in local mode (TEAMS_LOCAL_MODE=true) at ${endpoint}; its log: ${path.relative(process.cwd(), logFile)}`);
  const bot = spawn(process.execPath, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] });
  bot.stdout.pipe(log);
  bot.stderr.pipe(log);
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (bot.exitCode !== null) throw new Error(`the bot exited with code ${bot.exitCode}; see ${logFile}`);
    if ((await botState(endpoint)) === 'ready') return bot;
    await new Promise((r) => setTimeout(r, 250));
  }
  bot.kill('SIGTERM');
  throw new Error(`the bot did not answer at ${endpoint} within 120 s; see ${logFile}`);
}

async function main() {
  const cmd = playgroundCommand();
  if (!existsSync(cmd.bin)) {
    console.error('The Agents Playground is not installed: run `npm install` (it is a devDependency, @microsoft/m365agentsplayground).');
    process.exit(2);
  }
  if (!existsSync(path.join(cmd.cwd, CONFIG))) console.warn(`${CONFIG} is missing from ${cmd.cwd}: the Playground will use its own sample users.`);
  let bot;
  const state = await botState(cmd.endpoint);
  if (state === 'teams-off') {
    console.warn(`The bot at ${cmd.endpoint} has Teams off (404). Restart it with TEAMS_LOCAL_MODE=true, or stop it and run \`npm run playground\` alone to have one started for you.`);
  } else if (state === 'down' && isLoopbackEndpoint(cmd.endpoint)) {
    try {
      bot = await startLocalBot(cmd.endpoint);
    } catch (err) {
      console.error(`Could not start the bot: ${err.message}`);
      process.exit(1);
    }
  } else if (state === 'down') {
    console.warn(`The bot does not answer at ${new URL('/healthz', cmd.endpoint)} yet.`);
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
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      child.kill(signal);
      bot?.kill('SIGTERM');
    });
  }
  child.on('exit', (code, signal) => {
    const done = () => process.exit(code ?? (signal ? 1 : 0));
    if (!bot || bot.exitCode !== null) return done();
    bot.once('exit', done);
    bot.kill('SIGTERM');
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

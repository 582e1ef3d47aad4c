// Starting the bot for board tests, and signing in the way a person does:
// ask the engine for `board`, open the link, press Continue.
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import type { Identity } from '../../src/core/identity.js';
import { replyToText } from '../../src/core/reply.js';
import { memoryLogger, testConfig, type MemoryLogger } from '../support/test-env.js';

export interface BoardBot extends RunningBot {
  clock: { now: Date };
  logger: MemoryLogger;
}

export async function startBoardBot(env: Record<string, string> = {}, clock = { now: new Date('2026-11-26T09:00:00Z') }): Promise<BoardBot> {
  const logger = memoryLogger();
  const bot = await startBot({ config: testConfig({ TSOC_ADMINS: 'steward@tsoc.example.nz', ...env }), logger, now: () => clock.now });
  return Object.assign(bot, { clock, logger });
}

export function person(email: string, displayName: string): Identity {
  return { platform: 'slack', userId: `U_${email}`, displayName, email };
}

/** The sign-in link in the engine's answer to `board`. */
export async function askForLink(bot: RunningBot, who: Identity): Promise<string> {
  const reply = await bot.engine.run('board', who);
  if (!reply.ok) throw new Error(`board refused: ${replyToText(reply)}`);
  const link = /https?:\/\/\S+\/board\/sign-in\?token=[A-Za-z0-9_-]+/.exec(replyToText(reply))?.[0];
  if (!link) throw new Error(`no link in: ${replyToText(reply)}`);
  return link;
}

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

export async function pressContinue(baseUrl: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/board/sign-in`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token }).toString(),
  });
}

/** Signs in through a fresh link; returns the cookie header to send with later requests. */
export async function signIn(bot: RunningBot, who: Identity): Promise<string> {
  const res = await pressContinue(bot.url, tokenOf(await askForLink(bot, who)));
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function page(bot: RunningBot, path: string, cookie?: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${bot.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

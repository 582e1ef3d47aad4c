// End to end with a real Teams client: the Microsoft 365 Agents Playground,
// started by `npm run playground`'s script against the bot in local mode, with
// the project's .m365agentsplayground.yml (you are aroha.ngata@police.govt.nz).
// Messages are typed and cards submitted through the Playground's own API, and
// the bot's answers read from the websocket its web UI listens to. The bot's
// member look-ups are answered by the Playground from the yml's emails.
// If the Playground cannot start here, every test is skipped with the reason.
// With no bot running, the script starts one itself in local mode.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import { createTeamsSurface } from '../../src/teams/teams-surface.js';
import { memoryLogger, testConfig, testDbName } from '../support/test-env.js';
import { cardText, cardTitle, type SentCard } from './support/activities.js';
import { Playground, freePort, type PlaygroundConfig, type PlaygroundEvent } from './support/playground.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

let bot: RunningBot;
let pg: Playground | undefined;
let cfg: PlaygroundConfig;
let skipReason = '';

beforeAll(async () => {
  bot = await startBot({ config: testConfig({ TEAMS_LOCAL_MODE: 'true' }), logger: memoryLogger(), surfaces: [createTeamsSurface] });
  try {
    pg = await Playground.start(ROOT, `${bot.url}/api/messages`);
    cfg = await pg.config();
  } catch (err) {
    skipReason = `the Agents Playground could not run here: ${(err as Error).message}`;
    console.warn(`SKIPPING the Agents Playground end-to-end tests — ${skipReason}`);
    await pg?.stop();
    pg = undefined;
  }
}, 60_000);

afterAll(async () => {
  await pg?.stop();
  await bot.stop();
});

function need(ctx: TestContext): Playground {
  if (!pg) ctx.skip(skipReason);
  return pg!;
}

const card = (e: PlaygroundEvent): SentCard | undefined =>
  e.message.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as SentCard | undefined;

/** Sends `text` as the Police user in a chat and waits for the bot's card in reply. */
async function ask(p: Playground, conversationId: string, text: string, mentions?: Parameters<Playground['say']>[3]) {
  const from = p.events.length;
  await p.say(conversationId, cfg.currentUser.id, text, mentions);
  const event = await p.waitFor((e) => e.action === 'createMessage' && e.actionConversationId === conversationId && e.message.from.id === cfg.bot.id && card(e) !== undefined, from);
  return { event, card: card(event)! };
}

describe('Microsoft 365 Agents Playground (local Teams client)', () => {
  it('uses the project yml: a Police user and five people from other agencies', (ctx) => {
    need(ctx);
    expect(cfg.currentUser.email).toBe('aroha.ngata@police.govt.nz');
    expect(cfg.users.map((u) => u.email.split('@')[1])).toEqual(['ird.govt.nz', 'mbie.govt.nz', 'customs.govt.nz', 'justice.govt.nz', 'health.govt.nz']);
  });

  it('answers "who coordinates 13b" in the personal chat', async (ctx) => {
    const p = need(ctx);
    const { card: c } = await ask(p, cfg.personalChat.id, 'who coordinates 13b');
    expect(cardTitle(c)).toBe('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
  });

  it('knows the user by the email the Playground gives for them', async (ctx) => {
    const p = need(ctx);
    const text = cardText((await ask(p, cfg.personalChat.id, 'whoami')).card);
    expect(text).toContain('Email: aroha.ngata@police.govt.nz');
    expect(text).toContain('Agency: New Zealand Police');
  });

  it('saves an update by the police.govt.nz user and refuses one for 13b', async (ctx) => {
    const p = need(ctx);
    const saved = await ask(p, cfg.personalChat.id, 'update 7 on-track Playground check');
    expect(cardTitle(saved.card)).toBe('Saved: 7 is now On track.');
    expect(cardText(saved.card)).toContain('Aroha Ngata (Police) set 7 to On track — Playground check');
    const stored = await bot.database.db.collection('status_updates').findOne({ itemId: '7', note: 'Playground check' });
    expect(stored).toMatchObject({ status: 'on-track', by: { email: 'aroha.ngata@police.govt.nz', platform: 'teams' } });

    const refused = cardText((await ask(p, cfg.personalChat.id, 'update 13b at-risk Waiting on legal advice')).card);
    expect(refused).toContain('Inland Revenue');
    expect(refused).toContain('MBIE');
    expect(await bot.database.db.collection('status_updates').countDocuments({ itemId: '13b' })).toBe(0);
  });

  it('saves through the card\'s "Update status" form and updates the card in place', async (ctx) => {
    const p = need(ctx);
    const shown = await ask(p, cfg.personalChat.id, 'show 6');
    const form = shown.card.actions!.find((a) => a.type === 'Action.ShowCard')!;
    const data = form.card!.actions!.find((a) => a.type === 'Action.Submit')!.data!;
    const from = p.events.length;
    await p.submit(cfg.personalChat.id, cfg.currentUser.id, shown.event.message.messageId, { ...data, status_6: 'at-risk', reason_6: 'Waiting on *funding*' });
    const updated = await p.waitFor((e) => e.action === 'updateMessage' && e.message.messageId === shown.event.message.messageId, from);
    expect(cardTitle(card(updated)!)).toBe('Saved: 6 is now At risk.');
    expect(cardText(card(updated)!)).toContain('set 6 to At risk — Waiting on *funding*');
    expect(JSON.stringify(card(updated))).toContain('\\\\*funding\\\\*');
  });

  it('answers an @mention in the group chat', async (ctx) => {
    const p = need(ctx);
    const chat = cfg.groupChats[0]!;
    const mention = `<at>${cfg.bot.name}</at>`;
    const { card: c } = await ask(p, chat.id, `${mention} show 7`, [{ mentioned: { id: cfg.bot.id, name: cfg.bot.name }, text: mention }]);
    expect(cardTitle(c)).toContain('Action 7');
  });
});

describe('npm run playground with no bot running', () => {
  it('starts the bot itself in local mode, talks to it, and stops it on exit', async (ctx) => {
    need(ctx); // the Playground runs here
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}/api/messages`;
    // Builds first when dist/ is older than src/ (a fresh clone), hence the long wait.
    const own = await Playground.start(ROOT, endpoint, 240_000, { MONGODB_URI: inject('mongoUri'), MONGODB_DB: testDbName('pg'), LOG_LEVEL: 'warn' });
    try {
      expect(own.output).toContain('Starting the bot in local mode (TEAMS_LOCAL_MODE=true)');
      const ownCfg = await own.config();
      const from = own.events.length;
      await own.say(ownCfg.personalChat.id, ownCfg.currentUser.id, 'who coordinates 13b');
      const reply = await own.waitFor((e) => e.action === 'createMessage' && e.message.from.id === ownCfg.bot.id && card(e) !== undefined, from);
      expect(cardTitle(card(reply)!)).toBe('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
    } finally {
      await own.stop();
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 300_000);
});

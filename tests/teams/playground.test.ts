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
import { teamsSurface } from '../../src/teams/teams-surface.js';
import { memoryLogger, testConfig, testDbName } from '../support/test-env.js';
import { cardText, cardTitle, type SentCard } from './support/activities.js';
import { Playground, freePort, type PlaygroundConfig, type PlaygroundEvent } from './support/playground.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

let bot: RunningBot;
let pg: Playground | undefined;
let cfg: PlaygroundConfig;
let skipReason = '';

beforeAll(async () => {
  bot = await startBot({ config: testConfig({ TEAMS_LOCAL_MODE: 'true' }), logger: memoryLogger(), surfaces: [teamsSurface] });
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
  // In a channel each post is its own conversation ("<channel>;messageid=<post>"): the answer is in that post.
  const inConversation = (id: string) => id === conversationId || id.startsWith(`${conversationId};messageid=`);
  const event = await p.waitFor((e) => e.action === 'createMessage' && inConversation(e.actionConversationId) && e.message.from.id === cfg.bot.id && card(e) !== undefined, from);
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

  it('saves through the card\'s "Update status" form (Action.Execute) and refreshes the card in place', async (ctx) => {
    const p = need(ctx);
    const shown = await ask(p, cfg.personalChat.id, 'show 6');
    const form = shown.card.actions!.find((a) => a.type === 'Action.ShowCard')!;
    const save = form.card!.actions!.find((a) => a.type === 'Action.Execute')! as unknown as { verb: string; data: Record<string, string> };
    const from = p.events.length;
    const res = await p.execute(cfg.personalChat.id, cfg.currentUser.id, shown.event.message.messageId, { verb: save.verb, data: { ...save.data, status_6: 'at-risk', reason_6: 'Waiting on *funding*' } });
    expect(res).toMatchObject({ type: 'application/vnd.microsoft.card.adaptive' });
    const refreshed = res.value as SentCard;
    expect(cardTitle(refreshed)).toMatch(/^Action 6/);
    expect(cardText(refreshed)).toContain('Saved: Aroha Ngata (Police) set 6 to At risk.');
    expect(cardText(refreshed)).toContain('At risk — Waiting on *funding*');
    expect(JSON.stringify(refreshed)).toContain('\\\\*funding\\\\*');
    expect(refreshed.actions!.map((a) => a.title)).toEqual(['Update status']);
    expect(p.events.slice(from).filter((e) => e.message.from.id === cfg.bot.id && e.action === 'createMessage')).toHaveLength(0);
  });

  it('keeps the form open with the choice when At risk has no reason (the missing-reason path)', async (ctx) => {
    const p = need(ctx);
    const shown = await ask(p, cfg.personalChat.id, 'show 7');
    const save = shown.card.actions!.find((a) => a.type === 'Action.ShowCard')!.card!.actions!.find((a) => a.type === 'Action.Execute')! as unknown as { verb: string; data: Record<string, string> };
    const before = await bot.database.db.collection('status_updates').countDocuments({ itemId: '7' });
    const res = await p.execute(cfg.personalChat.id, cfg.currentUser.id, shown.event.message.messageId, { verb: save.verb, data: { ...save.data, status_7: 'at-risk', reason_7: '' } });
    const open = res.value as SentCard;
    expect(cardText(open)).toContain('At risk needs a reason: add it below, then Save.');
    const inputs = open.body as unknown as { id?: string; value?: string; type: string }[];
    expect(inputs.find((i) => i.id === 'status_7')).toMatchObject({ type: 'Input.ChoiceSet', value: 'at-risk' });
    expect(inputs.find((i) => i.id === 'reason_7')).toMatchObject({ type: 'Input.Text' });
    expect(open.actions!.map((a) => a.type)).toEqual(['Action.Execute']);
    expect(await bot.database.db.collection('status_updates').countDocuments({ itemId: '7' })).toBe(before);
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

describe('a Teams channel in the Playground: one conversation for subscriptions, digests as new posts', () => {
  const mention = () => `<at>${cfg.bot.name}</at>`;
  const mentions = () => [{ mentioned: { id: cfg.bot.id, name: cfg.bot.name }, text: mention() }];
  const channel = () => cfg.teams[0]!.channels.find((c) => c.name === 'Digests')!.id;
  const isDigest = (e: PlaygroundEvent) => e.message.from.id === cfg.bot.id && card(e) !== undefined && cardTitle(card(e)!).startsWith('TSOC Action Plan digest');

  it('subscribe from two posts is one subscription; a slot is one new post; unsubscribe from a third post works', async (ctx) => {
    const p = need(ctx);
    const first = await ask(p, channel(), `${mention()} subscribe police`, mentions());
    expect(cardTitle(first.card)).toBe('This channel will get the Police digest.');
    const second = await ask(p, channel(), `${mention()} subscribe police`, mentions());
    expect(cardTitle(second.card)).toBe('This channel already gets the Police digest.');
    // Two different posts (threads) of the channel.
    expect(first.event.actionConversationId).not.toBe(second.event.actionConversationId);
    const subs = await bot.database.db.collection('digest_subscriptions').find({ platform: 'teams' }).toArray();
    expect(subs.map((s) => s._id)).toEqual([`teams:${channel()}`]);

    const from = p.events.length;
    const report = await bot.digests.runSlot(bot.digests.schedule.next(new Date()));
    expect(report).toMatchObject({ claimed: 1, sent: 1 });
    const post = await p.waitFor(isDigest, from);
    await new Promise((r) => setTimeout(r, 500)); // a second post, were there one, would be here by now
    expect(p.events.slice(from).filter(isDigest)).toHaveLength(1);
    // A new post in the channel itself, not a reply in either subscribe thread.
    expect(post.actionConversationId).toBe(channel());
    expect(post.actionConversationId).not.toContain(';messageid=');

    const third = await ask(p, channel(), `${mention()} unsubscribe`, mentions());
    expect(cardTitle(third.card)).toBe('This channel will no longer get the Police digest.');
    expect(await bot.database.db.collection('digest_subscriptions').countDocuments({ platform: 'teams' })).toBe(0);
  });

  it('digest preview in a channel arrives in the personal chat only; the channel gets one line', async (ctx) => {
    const p = need(ctx);
    await ask(p, cfg.personalChat.id, 'whoami'); // the personal chat the bot knows
    const from = p.events.length;
    const here = await ask(p, channel(), `${mention()} digest preview`, mentions());
    expect(cardTitle(here.card)).toBe("Aroha Ngata, I've sent you the digest preview in our personal chat.");
    expect(here.card.body).toHaveLength(1);
    const dm = await p.waitFor((e) => e.actionConversationId === cfg.personalChat.id && e.message.from.id === cfg.bot.id && card(e) !== undefined && cardTitle(card(e)!).startsWith('Preview: TSOC Action Plan digest for New Zealand Police'), from);
    expect(cardText(card(dm)!)).toContain('Coordinated by Police');
    await new Promise((r) => setTimeout(r, 300));
    const inChannel = p.events.slice(from).filter((e) => e.actionConversationId.startsWith(channel()) && e.message.from.id === cfg.bot.id);
    expect(inChannel.map((e) => cardTitle(card(e)!))).toEqual(["Aroha Ngata, I've sent you the digest preview in our personal chat."]);
  });
});

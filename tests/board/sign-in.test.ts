// Signing in to the board from chat: a single-use, 15-minute link from the
// engine's `board` answer; opening it spends nothing; Continue spends it once
// (even across instances) and sets an 8-hour session; without a session no
// page shows any status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/start-bot.js';
import { replyToText } from '../../src/core/reply.js';
import { memoryLogger, testConfig } from '../support/test-env.js';
import { askForLink, page, person, pressContinue, signIn, startBoardBot, tokenOf, type BoardBot } from './board-support.js';

const jane = person('jane@police.govt.nz', 'Jane Smith');

describe('board sign-in', () => {
  let bot: BoardBot;
  beforeAll(async () => {
    bot = await startBoardBot();
  });
  afterAll(() => bot.stop());

  it('answers `board` with a link to this server, valid 15 minutes, shown only to the asker', async () => {
    const reply = await bot.engine.run('board', jane);
    expect(reply.ok).toBe(true);
    expect(reply.private).toBe(true);
    const text = replyToText(reply);
    expect(text).toMatch(new RegExp(`^Your sign-in link for the TSOC status board\\n\\nhttp://localhost:${new URL(bot.url).port}/board/sign-in\\?token=[A-Za-z0-9_-]{43}$`, 'm'));
    expect(text).toContain('It works once, until Thu, 26 Nov 2026, 10:15 pm (15 minutes)');
  });

  it('refuses a link to someone it cannot name', async () => {
    const reply = await bot.engine.run('board', { platform: 'teams', userId: 'x', displayName: 'Nobody' });
    expect(reply.ok).toBe(false);
    expect(replyToText(reply)).toContain('I cannot tell who you are');
  });

  it('opening the link spends nothing; Continue signs in once, with a safe cookie, and redirects to /board', async () => {
    const link = await askForLink(bot, jane);
    for (let i = 0; i < 3; i++) {
      const opened = await fetch(link);
      expect(opened.status).toBe(200);
      const body = await opened.text();
      expect(body).toContain('<button type="submit">Continue</button>');
      expect(body).not.toContain('On track');
    }
    const res = await pressContinue(bot.url, tokenOf(link));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/board');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tsoc_board=[A-Za-z0-9_-]{43}; Path=\/board; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const board = await page(bot, '/board', cookie.split(';')[0]);
    expect(board.status).toBe(200);
    expect(board.text).toContain('Signed in as Jane Smith');
    expect(board.text).toContain('Where the plan stands');

    const again = await pressContinue(bot.url, tokenOf(link));
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('This sign-in link does not work');
    expect((await fetch(link)).status).toBe(400);
  });

  it('an expired, forged or missing token signs nobody in', async () => {
    const link = await askForLink(bot, jane);
    bot.clock.now = new Date(bot.clock.now.getTime() + 15 * 60_000 + 1000);
    try {
      expect((await pressContinue(bot.url, tokenOf(link))).status).toBe(400);
    } finally {
      bot.clock.now = new Date('2026-11-26T09:00:00Z');
    }
    for (const token of ['A'.repeat(43), 'nope', '', `${tokenOf(link)}x`]) {
      const res = await pressContinue(bot.url, token);
      expect(res.status).toBe(400);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('refuses a form posted from another site', async () => {
    const link = await askForLink(bot, jane);
    const res = await pressContinue(bot.url, tokenOf(link), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await pressContinue(bot.url, tokenOf(link))).status).toBe(303); // the refused post spent nothing
  });

  it('without a session every page explains how to sign in and shows no status', async () => {
    for (const path of ['/board', '/board/actions/13b', '/board/agencies/police', '/board/changes?since=2026-11-01', '/board/report?quarter=2026-Q4', '/board/nothing']) {
      for (const cookie of [undefined, 'tsoc_board=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
        const res = await page(bot, path, cookie);
        expect(res.status, path).toBe(401);
        expect(res.text).toContain('Sign in to the TSOC status board');
        expect(res.text).not.toMatch(/On track|Not started|At risk|Off track|Complete/);
        // The protective marking (CLASSIFICATION, default IN-CONFIDENCE) at the top and the foot.
        expect(res.text.split('IN-CONFIDENCE').length - 1, path).toBe(2);
      }
    }
  });

  it('a session ends after 8 hours, and at sign-out', async () => {
    const cookie = await signIn(bot, jane);
    expect((await page(bot, '/board', cookie)).status).toBe(200);
    bot.clock.now = new Date(bot.clock.now.getTime() + 8 * 3600_000 + 1000);
    try {
      expect((await page(bot, '/board', cookie)).status).toBe(401);
    } finally {
      bot.clock.now = new Date('2026-11-26T09:00:00Z');
    }
    const other = await signIn(bot, jane);
    const out = await fetch(`${bot.url}/board/sign-out`, { method: 'POST', headers: { cookie: other }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await page(bot, '/board', other)).status).toBe(401);
  });

  it('GET pages change nothing in the database', async () => {
    const cookie = await signIn(bot, jane);
    const link = await askForLink(bot, jane);
    const snapshot = async () => {
      const out: Record<string, number> = {};
      for (const c of await bot.database.db.listCollections().toArray()) out[c.name] = await bot.database.db.collection(c.name).countDocuments();
      return out;
    };
    const before = await snapshot();
    for (const path of ['/board', '/board/actions/13b', '/board/actions/13', '/board/agencies/police', '/board/changes?since=2026-11-01', '/board/report?quarter=2026-Q4', '/board/board.css', `/board/sign-in?token=${tokenOf(link)}`]) {
      expect((await page(bot, path, cookie)).status, path).toBe(200);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers unknown actions, agencies, dates and quarters with a clear page', async () => {
    const cookie = await signIn(bot, jane);
    const cases: [string, number, string][] = [
      ['/board/actions/99', 404, 'There is no action or part “99” — actions are 1–18'],
      ['/board/agencies/nasa', 404, 'There is no agency “nasa” in the plan.'],
      ['/board/changes?since=2026-02-30', 400, '“2026-02-30” is not a past date.'],
      ['/board/report?quarter=2026-Q5', 400, '“2026-Q5” is not a quarter.'],
      ['/board/nowhere', 404, 'There is no such page on the board.'],
      ['/board/actions/%E0%A4%A', 404, 'There is no action or part “%E0%A4%A”'],
      ['/board/agencies/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404, 'There is no agency “&lt;script&gt;alert(1)&lt;/script&gt;” in the plan.'],
    ];
    for (const [path, status, text] of cases) {
      const res = await page(bot, path, cookie);
      expect(res.status, path).toBe(status);
      expect(res.text).toContain(text);
    }
  });

  it('sends protective headers on every page', async () => {
    for (const cookie of [undefined, await signIn(bot, jane)]) {
      const res = await page(bot, '/board', cookie);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.text).not.toMatch(/<script|<style| style=/i);
      // The server's own time for a page is told to those signed in (developer tools show it), not to strangers.
      if (cookie) expect(res.headers.get('server-timing')).toMatch(/^page;dur=\d+(\.\d)?$/);
      else expect(res.headers.get('server-timing')).toBeNull();
    }
  });
});

describe('board sign-in across instances', () => {
  it('a link is spent once even when two instances are pressed at the same moment', async () => {
    const config = testConfig({ BOARD_URL: 'https://board.example.govt.nz' });
    const [a, b] = [await startBot({ config, logger: memoryLogger() }), await startBot({ config, logger: memoryLogger() })];
    try {
      for (let round = 0; round < 5; round++) {
        const link = await askForLink(a, jane);
        expect(link.startsWith('https://board.example.govt.nz/board/sign-in?token=')).toBe(true);
        const results = await Promise.all([a, b, a, b].map((bot) => pressContinue(bot.url, tokenOf(link))));
        const won = results.filter((r) => r.status === 303);
        expect(won).toHaveLength(1);
        expect(won[0]!.headers.get('set-cookie')).toMatch(/; Secure$/);
        const session = won[0]!.headers.get('set-cookie')!.split(';')[0]!;
        // The session works on either instance: it lives in the database.
        expect((await page(a, '/board', session)).status).toBe(200);
        expect((await page(b, '/board', session)).status).toBe(200);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

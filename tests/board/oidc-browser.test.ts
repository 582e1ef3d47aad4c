// The board's OpenID Connect pages in a real browser: with sign-in through
// Microsoft configured, a signed-out visitor sees the explanation, the chat
// link's way in and a "Sign in with Microsoft" button, and no plan status; a
// callback that does not check out shows a refusal in our own words. Both
// reach by keyboard and have no axe-core (WCAG 2.2 AA) violation. The provider
// is never contacted here (its discovery happens at the first sign-in, which
// tests/board/oidc-sign-in.test.ts walks through against a real provider).
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoardBot, type BoardBot } from './board-support.js';
import { axeViolations, launchChromium } from './browser.js';


/** A loopback port nothing listens on: the issuer, never contacted by these pages. */
async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the board\'s OpenID Connect pages in Chromium', () => {
  let bot: BoardBot;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    bot = await startBoardBot({
      OIDC_ISSUER: `http://127.0.0.1:${await unusedPort()}`, OIDC_CLIENT_ID: 'tsoc-board', OIDC_CLIENT_SECRET: 'a-client-secret-for-tests', OIDC_KIND: 'entra',
      TEAMS_TENANT_ID: '11111111-2222-3333-4444-555555555555',
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('signed out: the explanation and a "Sign in with Microsoft" button reached by keyboard, no status, no axe violation', async () => {
    await page.goto(`${bot.url}/board`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to the TSOC status board');
    const button = page.getByRole('link', { name: 'Sign in with Microsoft' });
    expect(await button.getAttribute('href')).toBe('/board/sign-in/oidc');
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/On track|At risk|Off track/);
    let focused = '';
    for (let i = 0; i < 12 && focused !== 'Sign in with Microsoft'; i++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent?.trim())) ?? '';
    }
    expect(focused).toBe('Sign in with Microsoft');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a callback that does not check out: a refusal in our words, nobody signed in, no axe violation', async () => {
    const res = await page.goto(`${bot.url}/board/sign-in/oidc/callback?code=forged&state=forged`);
    expect(res?.status()).toBe(400);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You were not signed in');
    expect(await page.locator('body').innerText()).toContain('this browser has no sign-in in progress');
    expect(await axeViolations(page)).toEqual([]);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain('tsoc_board');
    await page.goto(`${bot.url}/board`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to the TSOC status board');
  });
});

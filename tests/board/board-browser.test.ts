// The board in a real browser: signed in through a real link from the
// engine's `board` answer, every page shows the right data, the charts come
// with their tables, a note with <script> is shown as text, axe-core finds no
// WCAG 2.2 AA violation, a signed-out visitor sees no status, and the report
// prints to PDF. BOARD_SCREENSHOTS=1 also saves docs/images/board-*.png.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askForLink, person, startBoardBot, type BoardBot } from './board-support.js';
import { axeViolations, launchChromium } from './browser.js';
import { SCRIPT_NOTE, seedQuarter } from './seed.js';

const IMAGES = path.resolve(import.meta.dirname, '../../docs/images');
const screenshots = process.env.BOARD_SCREENSHOTS === '1';

describe('the board in Chromium', () => {
  let bot: BoardBot;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The board's address as its links give it (localhost), where the session cookie belongs. */
  let base = '';
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    bot = await startBoardBot();
    await seedQuarter(bot);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('signs in through the link from `board`, by pressing Continue', async () => {
    const link = await askForLink(bot, person('jane@police.govt.nz', 'Jane Smith'));
    base = new URL(link).origin;
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to the TSOC status board');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/board$/);
    expect(await page.getByText('Signed in as Jane Smith').count()).toBe(1);
  });

  it('overview: counts, what needs attention and why, the weekly chart with its table', async () => {
    await page.goto(`${base}/board`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Where the plan stands');
    const tiles = await page.getByRole('list', { name: 'Actions and parts by status, whole plan' }).innerText();
    expect(tiles.replace(/\s+/g, ' ')).toBe('11 ○Not started 9 ●On track 3 ▲At risk 1 ■Off track 2 ✓Complete');
    const attention = await page.locator('ul.attention').innerText();
    expect(attention).toContain('Off track — Part 14a');
    expect(attention).toContain('Vendor withdrew; procurement restarts in February');
    expect(attention).toContain('Funding decision delayed to December');
    expect(attention).toContain(SCRIPT_NOTE);
    const chart = page.locator('figure.chart');
    expect(await chart.locator('svg[role="img"]').count()).toBe(1);
    expect(await chart.locator('svg').getAttribute('aria-label')).toContain('In the latest week');
    const lastRow = await chart.locator('table tbody tr').last().innerText();
    expect(lastRow.split(/\s+/)).toEqual(['23', 'Nov', '2026', '11', '9', '3', '1', '2']); // the week of 26 November
    expect(await page.getByRole('table', { name: 'Actions and parts by theme and status' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Police' }).first().getAttribute('href')).toBe('/board/agencies/police');
    expect(await axeViolations(page)).toEqual([]);
    if (screenshots) await page.screenshot({ path: path.join(IMAGES, 'board-overview.png'), fullPage: true });
  });

  it('an action part: text, coordinators, status, and its history with who, when and why — typed text shown as text', async () => {
    await page.goto(`${base}/board/actions/13b`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Part 13b');
    const main = await page.locator('main').innerText();
    expect(main).toContain('Coordinators');
    expect(main).toMatch(/Current status\s+▲\s?At risk/);
    expect(main).toContain(SCRIPT_NOTE);
    expect(main).toContain('Mere Tipene');
    expect(main).toContain('Legal review started');
    expect(await page.locator('main script, main b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    if (screenshots) await page.screenshot({ path: path.join(IMAGES, 'board-action.png'), fullPage: true });
  });

  it('an agency: its items, statuses and recent updates', async () => {
    await page.goto(`${base}/board/agencies/police`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New Zealand Police');
    const table = await page.getByRole('table', { name: 'What Police coordinates' }).innerText();
    expect(table).toContain('Analysts back; recruitment finished');
    expect(await page.locator('ol.timeline').innerText()).toContain('Two analysts seconded to another operation');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('changes since a day: net change per item', async () => {
    await page.goto(`${base}/board/changes?since=2026-11-01`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Changes since 1 Nov 2026');
    const rows = await page.locator('main table tbody tr').allInnerTexts();
    const row7 = rows.find((r) => r.startsWith('Action 7'))!;
    expect(row7).toMatch(/At risk\s+●\s?On track/);
    expect(rows.find((r) => r.startsWith('Part 14a'))).toMatch(/Not started\s+■\s?Off track/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Changes since (YYYY-MM-DD)').fill('yesterday-ish');
    await page.getByRole('button', { name: 'Show changes' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('is not a past date');
  });

  it('the quarterly report: summary, chart with table, every action, and it prints to PDF', async () => {
    consoleErrors.length = 0;
    await page.goto(`${base}/board/report?quarter=2026-Q4`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Quarterly progress report: October–December 2026');
    for (let n = 1; n <= 18; n++) expect(await page.getByRole('heading', { level: 3, name: new RegExp(`^Action ${n}:`) }).count(), `action ${n}`).toBe(1);
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBe(1);
    expect(await page.locator('figure.chart table tbody tr').count()).toBe(9); // 28 Sep … 23 Nov, up to 26 Nov
    expect(await page.locator('main').innerText()).toContain(SCRIPT_NOTE);
    expect(await axeViolations(page)).toEqual([]);
    if (screenshots) {
      // As printed: A4 width, print stylesheet (no navigation; each theme starts a new page in the PDF).
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(IMAGES, 'board-report.png'), fullPage: false });
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    expect(dialogs).toEqual([]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });

  it('keyboard: the skip link is the first stop and leads to the main content', async () => {
    await page.goto(`${base}/board`);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
  });

  it('a signed-out visitor sees how to sign in, and no status', async () => {
    const stranger = await browser.newContext();
    try {
      const p = await stranger.newPage();
      for (const where of ['/board', '/board/actions/13b', '/board/report?quarter=2026-Q4']) {
        const res = await p.goto(`${bot.url}${where}`);
        expect(res?.status()).toBe(401);
        const text = await p.locator('body').innerText();
        expect(text).toContain('Sign in to the TSOC status board');
        expect(text).not.toMatch(/On track|At risk|Off track|Not started|Complete/);
      }
      expect(await axeViolations(p)).toEqual([]);
    } finally {
      await stranger.close();
    }
  });
});

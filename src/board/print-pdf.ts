// Prints HTML to PDF with a Chromium already on this machine (playwright-core
// brings no browser of its own). Where none is found, the error says how to
// get one.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class NoChromiumError extends Error {
  override name = 'NoChromiumError';
}

export function findChromium(env: Record<string, string | undefined>): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export const INSTALL_CHROMIUM = [
  'Printing to PDF needs Chromium or Google Chrome, and none was found.',
  'Install one — Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`; macOS: install Google Chrome —',
  'or set CHROMIUM_PATH to its executable. Or write HTML (--out report.html) and print it from any browser.',
].join('\n');

export async function printPdf(pageHtml: string, env: Record<string, string | undefined>): Promise<Buffer> {
  const executablePath = findChromium(env);
  if (!executablePath) throw new NoChromiumError(env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.\n${INSTALL_CHROMIUM}` : INSTALL_CHROMIUM);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    // The report is self-contained: nothing is fetched, so the browser needs no network.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(pageHtml, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

// `npx tsoc board` and `npx tsoc report` as a terminal user runs them: the
// compiled bin, a real database, a real Chromium for the PDF.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quarterOf } from '../../src/board/periods.js';
import { tsocRunner } from '../support/run-tsoc.js';
import { testDbName } from '../support/test-env.js';
import { CHROMIUM_PATH, launchChromium } from './browser.js';

const dbName = testDbName('report');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tsoc = tsocRunner(dbName);

const quarter = quarterOf(new Date(), 'Pacific/Auckland');
const NOTE = '<script>alert(1)</script> awaiting Cabinet paper';

describe('npx tsoc board / report', () => {
  it('`board` gives a sign-in link to the bot on this machine, or to BOARD_URL', async () => {
    const local = await tsoc(['--as', 'jane@police.govt.nz', 'board']);
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/^http:\/\/localhost:3978\/board\/sign-in\?token=[A-Za-z0-9_-]{43}$/m);
    const configured = await tsoc(['--as', 'jane@police.govt.nz', 'board'], { BOARD_URL: 'https://tsoc.example.govt.nz/' });
    expect(configured.stdout).toMatch(/^https:\/\/tsoc\.example\.govt\.nz\/board\/sign-in\?token=/m);
  });

  it('writes the quarter\'s report as one HTML file, typed text escaped', async () => {
    expect((await tsoc(['--as', 'jane@police.govt.nz', 'update', '7', 'at-risk', NOTE])).code).toBe(0);
    const out = path.join(dir, 'report.html');
    const r = await tsoc(['report', '--quarter', quarter.id, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote the ${quarter.id} report (${quarter.label}) to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(`Quarterly progress report: ${quarter.label}`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; awaiting Cabinet paper');
    expect(html).not.toContain('<script');
    expect(html).toContain('<style>');
    for (let n = 1; n <= 18; n++) expect(html).toContain(`Action ${n}: `);
  });

  it('prints the report to PDF with the installed Chromium', async () => {
    await (await launchChromium()).close(); // fails, naming the install command, where Chromium is missing
    const out = path.join(dir, 'report.pdf');
    const r = await tsoc(['report', `--quarter=${quarter.id}`, '--out', out], { CHROMIUM_PATH });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('says how to install Chromium where there is none, and writes nothing', async () => {
    const out = path.join(dir, 'none.pdf');
    const r = await tsoc(['report', '--out', out], { CHROMIUM_PATH: path.join(dir, 'no-chromium') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('apt-get install -y chromium');
    expect(r.stderr).toContain('--out report.html');
    expect(() => readFileSync(out)).toThrow();
  });

  it('refuses a bad quarter or output name', async () => {
    const bad = await tsoc(['report', '--quarter', '2026-Q5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"2026-Q5" is not a quarter');
    const name = await tsoc(['report', '--out', 'report.docx']);
    expect(name.code).toBe(1);
    expect(name.stderr).toContain('--out must end in .html or .pdf');
  });
});

// The `tsoc` command as a terminal user runs it: the compiled bin, a real database.
import { describe, expect, it } from 'vitest';
import { tsocRunner } from '../support/run-tsoc.js';
import { testDbName } from '../support/test-env.js';

const dbName = testDbName('cli');

const tsoc = tsocRunner(dbName);

describe('npx tsoc', () => {
  it('answers who coordinates 13b with MBIE and Inland Revenue', async () => {
    const r = await tsoc(['who', 'coordinates', '13b']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
  });

  it('updates as a police officer, shows it, and refuses 13b naming who can', async () => {
    const saved = await tsoc(['--as', 'jane@police.govt.nz', 'update', '7', 'on-track', 'Team', 'recruited']);
    expect(saved).toMatchObject({ code: 0 });
    expect(saved.stdout).toContain('Saved: 7 is now On track.');
    const status = await tsoc(['status', '7']);
    expect(status.stdout).toContain('7 is On track');
    expect(status.stdout).toContain('Team recruited');
    const refused = await tsoc(['--as', 'jane@police.govt.nz', 'update', '13b', 'on-track']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Only members of Inland Revenue and MBIE (or a plan steward) can update 13b.');
  });

  it('exits 1 for a user error', async () => {
    const r = await tsoc(['update', '99', 'on-track']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no action 99 — actions are 1–18.');
  });

  it('exits 1 for a bad --as', async () => {
    const r = await tsoc(['--as', 'nobody', 'whoami']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--as needs an email address');
  });

  it('exports CSV and JSON with the current status and the full history', async () => {
    await tsoc(['--as', 'jane@police.govt.nz', 'update', '6', 'on-track', '=HYPERLINK("x"), "quoted"']);
    const csv = await tsoc(['export', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('record,item,action,status,note,at,by_name,by_email,by_agencies,platform,channel,classification');
    expect(lines.filter((l) => l.startsWith('current,'))).toHaveLength(26);
    expect(csv.stdout).toMatch(/^current,7,7,on-track,Team recruited,/m);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    expect(lines.slice(1).every((l) => l.endsWith(',IN-CONFIDENCE'))).toBe(true); // the marking on every row
    const json = await tsoc(['export', '--format', 'json']);
    const data = JSON.parse(json.stdout) as { classification: string; current: { item: string; status: string }[]; updates: { item: string }[] };
    expect(data.classification).toBe('IN-CONFIDENCE');
    expect(data.current.find((c) => c.item === '7')?.status).toBe('on-track');
    expect(data.updates.map((u) => u.item)).toEqual(['7', '6']);
  });

  it('exits 2 with a clear message when the database is unreachable', async () => {
    const r = await tsoc(['status', '7'], { MONGODB_URI: 'mongodb://127.0.0.1:1/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The database is not reachable');
    expect(r.stderr).toContain('Nothing was read or saved.');
  });

  it('exits 2 naming the variable when the configuration is wrong', async () => {
    const r = await tsoc(['status'], { STALE_AFTER_DAYS: 'soon' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('STALE_AFTER_DAYS');
  });
});

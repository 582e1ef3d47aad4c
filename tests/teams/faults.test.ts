// Faults: the database going away (users told nothing was saved, the process
// carries on) and a throttling connector (HTTP 429: retried, the answer still
// delivered, or the failure logged).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/store/embedded-server.js';
import { PEOPLE, cardTitle, message } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

describe('database down', () => {
  let db: EmbeddedDatabase;
  let dataDir: string;
  let t: TeamsBot;

  beforeAll(async () => {
    // A database of our own (FerretDB when built), so this test can stop it.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsoc-teams-down-'));
    db = await startEmbeddedDatabase({ dataDir, projectRoot: path.resolve(import.meta.dirname, '../..') });
    t = await startTeamsBot({ MONGODB_URI: db.uri });
  });
  afterAll(async () => {
    await t.stop();
    await db.stop(); // already stopped by the test; stopping twice is harmless
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells the user nothing was saved, keeps answering look-ups, and stays up', async () => {
    await t.send(message(t.connector.url, PEOPLE.police, 'update 7 on-track Before the outage'));
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toBe('Saved: 7 is now On track.');

    await db.stop();
    t.connector.reset();
    const res = await t.send(message(t.connector.url, PEOPLE.police, 'update 7 complete During the outage'));
    expect(res.status).toBe(200);
    const cards = t.cardsSince(0);
    expect(cardTitle(cards[0]!)).toBe('The database is not reachable, so nothing was saved.');
    expect(cards[0]!.body[0]!.color).toBe('Warning');

    // A look-up that needs no database still answers, and the server is alive.
    await t.send(message(t.connector.url, PEOPLE.police, 'who coordinates 13b'));
    expect(cardTitle(t.cardsSince(0).at(-1)!)).toContain('13b is coordinated by');
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.bot.url}/readyz`)).status).toBe(503);
  });
});

describe('connector throttling (HTTP 429)', () => {
  let t: TeamsBot;
  beforeAll(async () => {
    t = await startTeamsBot({}, { retry: { defaultWaitMs: 50 } });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.connector.reset());

  const posts = () => t.connector.requests.filter((r) => r.method === 'POST' && /\/activities/.test(r.path) && r.body.type === 'message');

  it('retries after Retry-After and delivers the answer', async () => {
    t.connector.throttleNext(1, { 'Retry-After': '1' });
    const res = await t.send(message(t.connector.url, PEOPLE.police, 'who coordinates 13b'));
    expect(res.status).toBe(200);
    expect(posts().map((r) => r.status)).toEqual([429, 200]);
    expect(cardTitle(t.cardsSince(0)[0]!)).toContain('13b is coordinated by');
  });

  it('retries a 429 without Retry-After and delivers the answer', async () => {
    t.connector.throttleNext(1, {});
    await t.send(message(t.connector.url, PEOPLE.police, 'show 7'));
    expect(posts().map((r) => r.status)).toEqual([429, 200]);
    expect(cardTitle(t.cardsSince(0)[0]!)).toContain('Action 7');
  });

  it('logs the failure when the connector keeps refusing, and answers the next message', async () => {
    t.connector.throttleNext(1000, { 'retry-after-ms': '5' });
    const res = await t.send(message(t.connector.url, PEOPLE.police, 'show 8'));
    expect(res.status).toBe(200);
    expect(posts().length).toBeGreaterThan(1);
    expect(posts().every((r) => r.status === 429)).toBe(true);
    expect(t.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'teams reply not delivered', fields: expect.objectContaining({ status: 429 }) }));

    t.connector.reset();
    await t.send(message(t.connector.url, PEOPLE.police, 'show 9'));
    expect(cardTitle(t.cardsSince(0)[0]!)).toContain('Action 9');
  });
});

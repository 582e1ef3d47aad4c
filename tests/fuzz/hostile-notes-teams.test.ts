// Hostile notes through the real Teams surface: a typed `update` and an
// "Update status" form submit carrying markup, links, operator objects, card
// functions, broken UTF-16 (JSON can carry it), control and invisible
// characters. The record keeps each note literally (cleaned as docs/decisions/0009
// says); every card the connector receives is escaped, so nothing formats
// itself, forges a link or runs a {{DATE()}} function.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardSubmit, cardText, cardTitle, message, type SentCard } from '../teams/support/activities.js';
import { startTeamsBot, type TeamsBot } from '../teams/support/teams-bot.js';
import { HOSTILE_NOTES, cardEscapeProblems } from './support/hostile-text.js';
import { lastUpdates, snapshot } from './support/plan-record.js';

let t: TeamsBot;
const db = () => t.bot.database.db;

beforeAll(async () => {
  t = await startTeamsBot();
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

/** Every piece of text on a card (body, facts, fallback, form labels) is escaped. */
function expectEscaped(card: SentCard): void {
  const texts = [card.fallbackText ?? '', ...card.body.flatMap((el) => [el.text ?? '', ...(el.facts ?? []).flatMap((f) => [f.title, f.value])])];
  for (const text of texts) expect(cardEscapeProblems(text), text.slice(0, 80)).toEqual([]);
}

/** The cards of every message the bot posted or updated since the last reset. */
function sentCards(): SentCard[] {
  return t.cardsSince(0);
}

describe('a hostile note in a typed update', () => {
  it.each(HOSTILE_NOTES.map((n) => [n.label, n] as const))('%s: stored literally, the card escaped', async (_label, note) => {
    const res = await t.send(message(t.connector.url, PEOPLE.police, `update 7 on-track ${note.typed}`));
    expect(res.status).toBe(200);
    const [card] = sentCards();
    expect(cardTitle(card!)).toBe('Saved: 7 is now On track.');
    const [saved] = await lastUpdates(db());
    expect(saved).toMatchObject({ itemId: '7', status: 'on-track', note: note.stored, by: { email: 'aroha.ngata@police.govt.nz' } });
    expectEscaped(card!);
    expect(cardText(card!)).toContain(`Aroha Ngata (Police) set 7 to On track — ${note.stored}`);

    // A later look-up by someone else shows the stored note, escaped too.
    t.connector.reset();
    await t.send(message(t.connector.url, PEOPLE.ird, 'history 7'));
    const [history] = sentCards();
    expectEscaped(history!);
    expect(cardText(history!)).toContain(note.stored);
  });
});

describe('a hostile reason in the update form', () => {
  it.each(HOSTILE_NOTES.filter((n) => !n.label.includes('990')).map((n) => [n.label, n] as const))('%s: stored literally, the replaced card escaped', async (_label, note) => {
    const value = { verb: 'tsoc.update', itemId: '6', cardId: randomUUID(), status_6: 'at-risk', reason_6: note.typed };
    const res = await t.send(cardSubmit(t.connector.url, PEOPLE.police, value, 'activity-card-6'));
    expect(res.status).toBe(200);
    const [card] = sentCards();
    expect(cardTitle(card!)).toBe('Saved: 6 is now At risk.');
    expectEscaped(card!);
    const [saved] = await lastUpdates(db());
    expect(saved).toMatchObject({ itemId: '6', status: 'at-risk', note: note.stored });
  });
});

describe('notes that are too long', () => {
  it.each([
    ['a 10 kB note (the command limit is 4,000 characters)', 10_240, 'Nothing was saved'],
    ['a 3,000-character note (the note limit is 1,000)', 3_000, 'nothing was saved'],
  ])('%s is refused with a clear answer, nothing stored', async (_label, size, expected) => {
    const before = await snapshot(db());
    const note = '[x](http://evil.example) {"$gt": ""} \uD800'.repeat(Math.ceil(size / 40)).slice(0, size);
    await t.send(message(t.connector.url, PEOPLE.police, `update 7 on-track ${note}`));
    const [card] = sentCards();
    expect(cardText(card!)).toContain(expected);
    expectEscaped(card!);
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses a 10 kB reason in the form, nothing stored', async () => {
    const before = await snapshot(db());
    const value = { verb: 'tsoc.update', itemId: '7', cardId: randomUUID(), status_7: 'off-track', reason_7: '<script>'.repeat(1_280) };
    await t.send(cardSubmit(t.connector.url, PEOPLE.police, value, 'activity-card-7'));
    const [card] = sentCards();
    expect(cardText(card!)).toMatch(/nothing was saved/i);
    expectEscaped(card!);
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('a hostile display name', () => {
  it('is escaped on the confirmation card and in look-ups', async () => {
    const evil = { id: '29:evil', name: '[Police HQ](http://evil.example) <b>x</b> *y* {{DATE(2026-01-01T00:00:00Z)}}', aadObjectId: 'aad-evil', email: 'evil@police.govt.nz' };
    t.connector.addMember(evil);
    await t.send(message(t.connector.url, evil, 'update 5 on-track Named badly'));
    const [card] = sentCards();
    expect(cardTitle(card!)).toBe('Saved: 5 is now On track.');
    expectEscaped(card!);
    expect(cardText(card!)).toContain(`${evil.name} (Police) set 5 to On track — Named badly`);
    t.connector.reset();
    await t.send(message(t.connector.url, PEOPLE.ird, 'history 5'));
    const [history] = sentCards();
    expectEscaped(history!);
    expect(cardText(history!)).toContain(evil.name);
  });
});

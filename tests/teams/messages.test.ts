// Typed messages through the real server: every intent, mentions and the
// /tsoc prefix, identity from the member list, updates permitted and refused,
// Teams re-sends, and text that tries to format itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardText, cardTitle, message, type Person, type SentCard } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

let t: TeamsBot;

beforeAll(async () => {
  t = await startTeamsBot({ TSOC_ADMINS: 'steward@dpmc.govt.nz' });
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

/** Sends a message and returns the one card the bot answered with. */
async function ask(text: string, from: Person = PEOPLE.police, options: Parameters<typeof message>[3] = {}): Promise<SentCard> {
  const start = t.connector.requests.length;
  const res = await t.send(message(t.connector.url, from, text, options));
  expect(res.status).toBe(200);
  const cards = t.cardsSince(start);
  expect(cards.length).toBeGreaterThanOrEqual(1);
  return cards[0]!;
}

describe('look-ups in a personal chat', () => {
  it('answers "who coordinates 13b" as a card replying to the message', async () => {
    const start = t.connector.requests.length;
    const activity = message(t.connector.url, PEOPLE.police, 'who coordinates 13b');
    await t.send(activity);
    const [reply] = t.connector.sent.slice(start);
    expect(reply!.method).toBe('POST');
    expect(reply!.conversationId).toBe(activity.conversation.id);
    expect(reply!.activityId).toBe(activity.id);
    const card = t.cardsSince(start)[0]!;
    expect(card.type).toBe('AdaptiveCard');
    expect(cardTitle(card)).toBe('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
    expect(card.fallbackText).toContain('Inland Revenue');
  });

  it.each([
    ['help', 'what you can ask'],
    ['', 'what you can ask'],
    ['show 7', 'Action 7 · First priority · Addressing methamphetamine-related harm'],
    ['what does success look like for 17', 'What success looks like for action 17'],
    ['list police', 'Coordinated by New Zealand Police (8)'],
    ['what does MBIE coordinate', 'Coordinated by Ministry of Business, Innovation and Employment (MBIE) (5)'],
    ['search money laundering', 'money laundering'],
    ['status 7', '7'],
    ['history 13b', '13b'],
    ['whoami', 'You are Aroha Ngata'],
    ['make me a sandwich', 'I don\'t understand "make me a sandwich".'],
    ['who coordinates 99', 'There is no action 99 — actions are 1–18.'],
  ])('"%s" → %s', async (text, expected) => {
    expect(cardTitle(await ask(text))).toContain(expected);
  });

  it('subscribes the conversation to an agency digest', async () => {
    const card = await ask('subscribe police');
    expect(cardTitle(card)).toMatch(/This channel (will|already) get(s)? the .*Police.* digest\./);
  });

  it('accepts a leading /tsoc or tsoc', async () => {
    expect(cardTitle(await ask('/tsoc who coordinates 13b'))).toContain('13b is coordinated by');
    expect(cardTitle(await ask('tsoc show 7'))).toContain('Action 7');
  });

  it('whoami shows the email from the member list and the agency it maps to', async () => {
    const text = cardText(await ask('whoami'));
    expect(text).toContain('Email: aroha.ngata@police.govt.nz');
    expect(text).toContain('Agency: New Zealand Police');
  });

  it('uses userPrincipalName when Teams gives no email', async () => {
    const text = cardText(await ask('whoami', PEOPLE.customsUpn));
    expect(text).toContain('Email: isaiah.langer@customs.govt.nz');
    expect(text).toContain('New Zealand Customs Service');
  });

  it('looks a person up once and then uses the cache', async () => {
    const fresh = { ...PEOPLE.ird, id: '29:cache-check', aadObjectId: 'aad-cache-check' };
    t.connector.addMember(fresh);
    await ask('show 7', fresh);
    await ask('show 8', fresh);
    expect(t.connector.memberLookups.filter((r) => r.path.endsWith('/29:cache-check'))).toHaveLength(1);
  });
});

describe('group chats and channels', () => {
  it('strips the bot @mention in a channel', async () => {
    const card = await ask('who coordinates 13b', PEOPLE.ird, { type: 'channel', teamId: '19:team-general', id: '19:channel-1', mentions: 'bot' });
    expect(cardTitle(card)).toContain('13b is coordinated by Inland Revenue');
  });

  it('strips the mention and a /tsoc prefix together in a group chat', async () => {
    const card = await ask('/tsoc show 7', PEOPLE.ird, { type: 'groupChat', mentions: 'bot' });
    expect(cardTitle(card)).toContain('Action 7');
  });
});

describe('updates', () => {
  it('lets a Police member update 7 and says so to the conversation', async () => {
    const card = await ask('update 7 on-track Team recruited');
    expect(cardTitle(card)).toBe('Saved: 7 is now On track.');
    expect(cardText(card)).toContain('Aroha Ngata (Police) set 7 to On track — Team recruited');
    const saved = await t.updates('7');
    expect(saved.at(-1)).toMatchObject({ status: 'on-track', note: 'Team recruited', by: expect.objectContaining({ email: 'aroha.ngata@police.govt.nz', platform: 'teams', userId: 'aad-police-aroha' }) });
  });

  it('refuses a Police member updating 13b and names Inland Revenue and MBIE', async () => {
    const before = (await t.updates('13b')).length;
    const card = await ask('update 13b at-risk Waiting on legal advice');
    const text = cardText(card);
    expect(text).toMatch(/Inland Revenue/);
    expect(text).toMatch(/MBIE/);
    expect(card.body[0]!.color).toBe('Attention');
    expect(await t.updates('13b')).toHaveLength(before);
  });

  it('saves a Teams re-send of the same message once', async () => {
    const activity = message(t.connector.url, PEOPLE.police, 'update 6 at-risk Re-send check', { activityId: 'resend-1' });
    const before = (await t.updates('6')).length;
    await t.send(activity);
    const start = t.connector.requests.length;
    await t.send(activity);
    expect(await t.updates('6')).toHaveLength(before + 1);
    expect(cardTitle(t.cardsSince(start)[0]!)).toBe('Already saved: 6 is At risk.');
  });

  it('asks for a reason for at-risk and lists valid statuses for a bad one', async () => {
    expect(cardTitle(await ask('update 7 at-risk'))).toBe('At risk needs a reason.');
    expect(cardText(await ask('update 7 purple'))).toContain('not-started, on-track, at-risk, off-track, complete');
  });

  it('says nothing was saved when Teams cannot say who is asking', async () => {
    const stranger = { ...PEOPLE.police, id: '29:lookup-fails', aadObjectId: 'aad-lookup-fails' };
    t.connector.addMember(stranger);
    t.connector.failMemberLookups = 403;
    const before = (await t.updates('7')).length;
    const card = await ask('update 7 complete', stranger);
    expect(cardTitle(card)).toBe('Teams did not tell me who you are just now, so nothing was saved.');
    expect(await t.updates('7')).toHaveLength(before);
    // A look-up still answers without an identity.
    expect(cardTitle(await ask('who coordinates 13b', stranger))).toContain('13b is coordinated by');
  });

  it('stores a note with markdown and markup literally and shows it escaped', async () => {
    const note = '**bold** _it_ [link](http://evil.example) <at>Everyone</at> & {{DATE(2017-02-14T06:00:00Z)}} {"$gt": ""}';
    const card = await ask(`update 5 on-track ${note}`);
    const saved = (await t.updates('5')).at(-1)!;
    expect(saved.note).toBe(note);
    const raw = JSON.stringify(card.body);
    expect(raw).not.toContain('**bold**');
    expect(raw).not.toContain('[link](');
    expect(raw).not.toContain('<at>');
    expect(raw).not.toContain('{{DATE');
    expect(raw).toContain('\\\\*\\\\*bold\\\\*\\\\*');
    expect(raw).toContain('&lt;at&gt;Everyone&lt;/at&gt; &amp;');
    // …and a person reading the card sees exactly what was typed.
    expect(cardText(card)).toContain(note);
  });
});

describe('plan depth on a Teams card', () => {
  it('flags an overdue milestone beside the status on the action card, and says Complete (awaiting sign-off)', async () => {
    expect(cardTitle(await ask('milestone add 6 Funding agreed due 2026-02-01'))).toContain('Milestone 1 of 6 added');
    await ask('update 6 complete Evaluation published');
    const card = await ask('show 6');
    expect(cardText(card)).toMatch(/Complete \(awaiting sign-off\) — Evaluation published .* · ⚠ 1 milestone overdue/);
  });
});

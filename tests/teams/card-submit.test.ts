// The "Update status" card: the form on an action's card, a submit that saves
// and confirms in place, a double submit that saves once, and submits that
// are refused or wrong coming back as new cards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardSubmit, cardText, cardTitle, message, type SentCard } from './support/activities.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

let t: TeamsBot;

beforeAll(async () => {
  t = await startTeamsBot();
});
afterAll(() => t.stop());
beforeEach(() => t.connector.reset());

interface ShownCard {
  card: SentCard;
  /** The id the connector gave the card's message (what a submit's replyToId names). */
  messageId: string;
  conversation: { id: string; type: 'personal' | 'groupChat' };
}

async function show(text: string, type: 'personal' | 'groupChat' = 'groupChat'): Promise<ShownCard> {
  const activity = message(t.connector.url, PEOPLE.police, text, { type });
  const start = t.connector.requests.length;
  await t.send(activity);
  const card = t.cardsSince(start)[0]!;
  // The fake connector numbers the activities it accepts: the card's message is the last one recorded.
  const posted = t.connector.sent.at(-1)!;
  const messageId = `activity-${t.connector.requests.filter((r) => r.status === 200 && r.method === 'POST' && /\/activities/.test(r.path)).length}`;
  expect(posted.body.type).toBe('message');
  return { card, messageId, conversation: { id: activity.conversation.id, type } };
}

function form(card: SentCard) {
  const showCard = card.actions?.find((a) => a.type === 'Action.ShowCard');
  if (!showCard?.card) throw new Error('no update form on the card');
  const submit = showCard.card.actions!.find((a) => a.type === 'Action.Submit')!;
  return { title: showCard.title, inputs: showCard.card.body, data: submit.data! };
}

function submitValue(shown: ShownCard, itemId: string, status: string, reason = '') {
  return { ...form(shown.card).data, [`status_${itemId}`]: status, [`reason_${itemId}`]: reason };
}

async function submit(shown: ShownCard, value: Record<string, unknown>, from = PEOPLE.police) {
  const start = t.connector.requests.length;
  const res = await t.send(cardSubmit(t.connector.url, from, value, shown.messageId, { id: shown.conversation.id, type: shown.conversation.type }));
  expect(res.status).toBe(200);
  return t.connector.requests.slice(start).filter((r) => r.status < 300 && r.body.type === 'message');
}

describe('the update form', () => {
  it('is an "Update status" ShowCard with a status choice and a reason', async () => {
    const { card } = await show('show 7');
    const f = form(card);
    expect(f.title).toBe('Update status');
    const choice = f.inputs.find((i) => i.type === 'Input.ChoiceSet') as unknown as { choices: { value: string }[]; isRequired: boolean };
    expect(choice.choices.map((c) => c.value)).toEqual(['not-started', 'on-track', 'at-risk', 'off-track', 'complete']);
    expect(choice.isRequired).toBe(true);
    expect(f.inputs.some((i) => i.type === 'Input.Text')).toBe(true);
    expect(f.data).toMatchObject({ verb: 'tsoc.update', itemId: '7' });
  });

  it('saves a submit and replaces the card in place, saying who set what', async () => {
    const shown = await show('show 7');
    const before = (await t.updates('7')).length;
    const sent = await submit(shown, submitValue(shown, '7', 'on-track', 'Team recruited'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('PUT');
    expect(sent[0]!.activityId).toBe(shown.messageId);
    const card = (sent[0]!.body.attachments as { content: SentCard }[])[0]!.content;
    expect(cardTitle(card)).toBe('Saved: 7 is now On track.');
    expect(cardText(card)).toContain('Aroha Ngata (Police) set 7 to On track — Team recruited');
    expect(card.actions ?? []).toHaveLength(0);
    expect(await t.updates('7')).toHaveLength(before + 1);
  });

  it('saves a double submit of the same card once', async () => {
    const shown = await show('show 7', 'personal');
    const before = (await t.updates('7')).length;
    const value = submitValue(shown, '7', 'off-track', 'Funding paused');
    const start = t.connector.requests.length;
    await Promise.all([submit(shown, value), submit(shown, value)]);
    await submit(shown, value);
    expect(await t.updates('7')).toHaveLength(before + 1);
    const titles = t.cardsSince(start).map(cardTitle);
    expect(titles).toHaveLength(3);
    expect(titles.filter((x) => x === 'Saved: 7 is now Off track.')).toHaveLength(1);
    expect(titles.filter((x) => x === 'Already saved: 7 is Off track.')).toHaveLength(2);
  });

  it('lets two people each save from the same card', async () => {
    const shown = await show('show 5');
    const before = (await t.updates('5')).length;
    await submit(shown, submitValue(shown, '5', 'on-track', 'first'));
    const ird = { ...PEOPLE.police, id: '29:police-second', aadObjectId: 'aad-police-second', name: 'Second Officer', email: 'second@police.govt.nz' };
    t.connector.addMember(ird);
    await submit(shown, submitValue(shown, '5', 'on-track', 'second'), ird);
    expect(await t.updates('5')).toHaveLength(before + 2);
  });

  it('refuses a submit for 13b from Police with a new card naming Inland Revenue and MBIE', async () => {
    const shown = await show('show 13b');
    const before = (await t.updates('13b')).length;
    const sent = await submit(shown, submitValue(shown, '13b', 'on-track'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('POST');
    const text = cardText((sent[0]!.body.attachments as { content: SentCard }[])[0]!.content);
    expect(text).toContain('Inland Revenue');
    expect(text).toContain('MBIE');
    expect(await t.updates('13b')).toHaveLength(before);
  });

  it('asks for the missing reason, and the same card then saves', async () => {
    const shown = await show('show 6');
    const before = (await t.updates('6')).length;
    const first = await submit(shown, submitValue(shown, '6', 'at-risk', ''));
    expect(cardTitle((first[0]!.body.attachments as { content: SentCard }[])[0]!.content)).toBe('At risk needs a reason.');
    expect(first[0]!.method).toBe('POST');
    const second = await submit(shown, submitValue(shown, '6', 'at-risk', 'Waiting on legal advice'));
    expect(cardTitle((second[0]!.body.attachments as { content: SentCard }[])[0]!.content)).toBe('Saved: 6 is now At risk.');
    expect(await t.updates('6')).toHaveLength(before + 1);
  });

  it('answers a form it cannot read, and saves nothing', async () => {
    const shown = await show('show 7');
    const before = (await t.updates('7')).length;
    const sent = await submit(shown, { verb: 'something.else', itemId: '7' });
    expect(cardTitle((sent[0]!.body.attachments as { content: SentCard }[])[0]!.content)).toMatch(/can’t read that form/);
    const tampered = await submit(shown, { verb: 'tsoc.update', itemId: '7; grant me', cardId: 'x', status_7: 'complete' });
    expect(cardTitle((tampered[0]!.body.attachments as { content: SentCard }[])[0]!.content)).toMatch(/can’t read that form/);
    expect(await t.updates('7')).toHaveLength(before);
  });

  it('offers one form per part for an action with parts', async () => {
    const { card } = await show('show 13');
    const titles = (card.actions ?? []).map((a) => a.title);
    expect(titles.length).toBeGreaterThanOrEqual(1);
    for (const title of titles) expect(title).toMatch(/^Update 13[abc]$/);
  });
});

// The "Update status" card: the form on an action's card (current status
// preselected, Save an Action.Execute), a save that refreshes the card in
// place for everyone with one confirmation line, a double save that saves
// once, and saves that are refused or missing a reason answered inside the
// form, which stays open with the choice made. Cards from before Universal
// Actions (Action.Submit) still save.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, cardExecute, cardSubmit, cardText, cardTitle, message, type SentCard } from './support/activities.js';
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

async function show(text: string, type: 'personal' | 'groupChat' = 'groupChat', from = PEOPLE.police): Promise<ShownCard> {
  const activity = message(t.connector.url, from, text, { type });
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
  const save = showCard.card.actions!.find((a) => a.type === 'Action.Execute')!;
  return { title: showCard.title, inputs: showCard.card.body as unknown as Record<string, unknown>[], data: save.data!, save };
}

function saveValue(shown: ShownCard, itemId: string, status: string, reason = '') {
  return { ...form(shown.card).data, [`status_${itemId}`]: status, [`reason_${itemId}`]: reason };
}

interface Saved {
  /** The card the person sees in place of the one pressed (the invoke's answer). */
  card?: SentCard;
  message?: string;
  /** What the bot sent to the conversation meanwhile (new cards, card updates). */
  sent: ReturnType<TeamsBot['connector']['requests']['filter']>;
}

async function save(shown: ShownCard, data: Record<string, unknown>, from = PEOPLE.police): Promise<Saved> {
  const start = t.connector.requests.length;
  const res = await t.send(cardExecute(t.connector.url, from, data, shown.messageId, { id: shown.conversation.id, type: shown.conversation.type }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { statusCode: number; type: string; value: unknown };
  expect(body.statusCode).toBe(200);
  const sent = t.connector.requests.slice(start).filter((r) => r.status < 300 && r.body.type === 'message');
  return body.type === 'application/vnd.microsoft.card.adaptive' ? { card: body.value as SentCard, sent } : { message: String(body.value), sent };
}

const inputOf = (card: SentCard, id: string) => (card.body as unknown as Record<string, unknown>[]).find((e) => e.id === id);

describe('the update form', () => {
  it('is an "Update status" ShowCard with the current status preselected and a reason', async () => {
    await t.send(message(t.connector.url, PEOPLE.police, 'update 7 on-track Team recruited', { type: 'groupChat' }));
    const { card } = await show('show 7');
    const f = form(card);
    expect(f.title).toBe('Update status');
    const choice = f.inputs.find((i) => i.type === 'Input.ChoiceSet') as unknown as { choices: { value: string }[]; isRequired: boolean; value: string };
    expect(choice.choices.map((c) => c.value)).toEqual(['not-started', 'on-track', 'at-risk', 'off-track', 'complete']);
    expect(choice.value).toBe('on-track');
    expect(f.inputs.some((i) => i.type === 'Input.Text')).toBe(true);
    expect(f.save).toMatchObject({ type: 'Action.Execute', verb: 'tsoc.update' });
    expect(f.data).toMatchObject({ verb: 'tsoc.update', itemId: '7' });
    // In a group chat everyone sees the card: the form says who may save.
    expect(f.inputs.map((i) => i.text).join(' ')).toContain('Members of Police (or a plan steward) can save this.');
    expect(JSON.stringify(card)).not.toContain('`');
  });

  it('saves and refreshes the card in place for everyone: new status, details, button and one confirmation line', async () => {
    const shown = await show('show 7');
    const before = (await t.updates('7')).length;
    const saved = await save(shown, saveValue(shown, '7', 'complete', 'Team recruited and trained'));
    expect(await t.updates('7')).toHaveLength(before + 1);
    const card = saved.card!;
    expect(cardTitle(card)).toMatch(/^Action 7/);
    const text = cardText(card);
    expect(text).toContain('Saved: Aroha Ngata (Police) set 7 to Complete (awaiting sign-off).');
    expect(text.split('Team recruited and trained').length - 1).toBe(1); // the note once, in the Status line
    expect(text).toMatch(/Status: Complete \(awaiting sign-off\) — Team recruited and trained \(Aroha Ngata \(Police\)/);
    expect(form(card).title).toBe('Update status');
    // Everyone else sees the same card: the pressed message was updated.
    expect(saved.sent).toHaveLength(1);
    expect(saved.sent[0]!).toMatchObject({ method: 'PUT', activityId: shown.messageId });
    expect(cardText((saved.sent[0]!.body.attachments as { content: SentCard }[])[0]!.content)).toBe(text);
  });

  it('saves a double press of the same card once', async () => {
    const shown = await show('show 7', 'personal');
    const before = (await t.updates('7')).length;
    const value = saveValue(shown, '7', 'off-track', 'Funding paused');
    const answers = await Promise.all([save(shown, value), save(shown, value), save(shown, value)]);
    expect(await t.updates('7')).toHaveLength(before + 1);
    const lines = answers.map((a) => cardText(a.card!).split('\n')[1]);
    expect(lines.filter((l) => l === 'Saved: Aroha Ngata (Police) set 7 to Off track.')).toHaveLength(1);
    expect(lines.filter((l) => l === 'Already saved: 7 is Off track.')).toHaveLength(2);
  });

  it('lets two people each save from the same card', async () => {
    const shown = await show('show 5');
    const before = (await t.updates('5')).length;
    await save(shown, saveValue(shown, '5', 'on-track', 'first'));
    const second = { ...PEOPLE.police, id: '29:police-second', aadObjectId: 'aad-police-second', name: 'Second Officer', email: 'second@police.govt.nz' };
    t.connector.addMember(second);
    await save(shown, saveValue(shown, '5', 'on-track', 'second'), second);
    expect(await t.updates('5')).toHaveLength(before + 2);
  });

  it('refuses a save for 13b from Police inside the form, naming Inland Revenue and MBIE', async () => {
    const shown = await show('show 13b');
    expect(form(shown.card).inputs.map((i) => i.text).join(' ')).toContain('Members of Inland Revenue and MBIE (or a plan steward) can save this.');
    const before = (await t.updates('13b')).length;
    const saved = await save(shown, saveValue(shown, '13b', 'on-track'));
    expect(saved.sent).toHaveLength(0); // nothing posted for the channel to see
    const text = cardText(saved.card!);
    expect(text).toContain("You can't update 13b.");
    expect(text).toContain('Inland Revenue');
    expect(text).toContain('MBIE');
    expect(inputOf(saved.card!, 'status_13b')).toMatchObject({ value: 'on-track' }); // the form, still open
    expect(await t.updates('13b')).toHaveLength(before);
  });

  it('keeps the form open with the choice and a message when a reason is missing; the same card then saves', async () => {
    const shown = await show('show 6');
    const before = (await t.updates('6')).length;
    const first = await save(shown, saveValue(shown, '6', 'at-risk', ''));
    expect(first.sent).toHaveLength(0);
    expect(cardText(first.card!)).toContain('At risk needs a reason: add it below, then Save.');
    expect(inputOf(first.card!, 'status_6')).toMatchObject({ type: 'Input.ChoiceSet', value: 'at-risk' });
    expect(inputOf(first.card!, 'reason_6')).toMatchObject({ type: 'Input.Text' });
    const again = first.card!.actions!.find((a) => a.type === 'Action.Execute')!;
    const second = await save(shown, { ...again.data, status_6: 'at-risk', reason_6: 'Waiting on legal advice' });
    expect(cardText(second.card!)).toContain('Saved: Aroha Ngata (Police) set 6 to At risk.');
    expect(await t.updates('6')).toHaveLength(before + 1);
  });

  it('answers a form it cannot read, and saves nothing', async () => {
    const shown = await show('show 7');
    const before = (await t.updates('7')).length;
    const tampered = await save(shown, { verb: 'tsoc.update', itemId: '7; grant me', cardId: 'x', status_7: 'complete' });
    expect(cardTitle(tampered.card!)).toMatch(/can’t read that form/);
    expect(await t.updates('7')).toHaveLength(before);
  });

  it('offers one form per part for an action with parts', async () => {
    const { card } = await show('show 13');
    const titles = (card.actions ?? []).map((a) => a.title);
    expect(titles.length).toBeGreaterThanOrEqual(1);
    for (const title of titles) expect(title).toMatch(/^Update 13[abc]$/);
  });

  it('in a personal chat, offers the form only to people who may update the item', async () => {
    expect((await show('show 13b', 'personal')).card.actions ?? []).toHaveLength(0);
    expect(form((await show('show 13b', 'personal', PEOPLE.ird)).card).title).toBe('Update status');
    expect(form((await show('show 7', 'personal')).card).title).toBe('Update status');
  });

  it("a digest's one form lists the agency's items; a save leaves the digest and posts who set what", async () => {
    const shown = await show('digest preview police', 'personal');
    const f = form(shown.card);
    const items = f.inputs.find((i) => i.id === 'item') as { choices: { value: string }[] };
    expect(items.choices.map((c) => c.value)).toEqual(['1a', '5', '6', '7', '12', '15', '16', '18']);
    const before = (await t.updates('16')).length;
    const saved = await save(shown, { ...f.data, item: '16', [`status_${f.data.itemId}`]: 'on-track', [`reason_${f.data.itemId}`]: 'From the digest' });
    expect(saved.message).toBe('Saved: 16 is now On track. Aroha Ngata (Police) set 16 to On track — From the digest');
    expect(saved.sent.map((r) => r.method)).toEqual(['POST']); // a new card; the digest is not replaced
    expect(await t.updates('16')).toHaveLength(before + 1);
  });

  it('still saves from a card sent before Universal Actions (Action.Submit)', async () => {
    const shown = await show('show 12', 'personal');
    const start = t.connector.requests.length;
    const value = { verb: 'tsoc.update', itemId: '12', cardId: 'old-card-1', status_12: 'on-track', reason_12: '' };
    await t.send(cardSubmit(t.connector.url, PEOPLE.police, value, shown.messageId, { id: shown.conversation.id, type: 'personal' }));
    const sent = t.connector.requests.slice(start).filter((r) => r.status < 300 && r.body.type === 'message');
    expect(sent).toHaveLength(1);
    expect(cardTitle((sent[0]!.body.attachments as { content: SentCard }[])[0]!.content)).toBe('Saved: 12 is now On track.');
  });
});

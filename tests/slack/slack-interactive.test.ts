// Buttons, the update modal, App Home, direct messages and @mentions, and
// hostile text in notes: through the real server with signed requests.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import type { FakeUser } from '../fakes/slack-api.js';
import { buttonClick as clickPayload, modalSubmission } from '../support/slack-payloads.js';

let s: SlackBot;

beforeAll(async () => {
  s = await startSlackBot();
});
afterAll(() => s.close());
beforeEach(() => s.slack.reset());

const buttonClick = (u: FakeUser, itemId: string, where: 'message' | 'home' = 'message') =>
  clickPayload(u, itemId, where === 'home' ? { home: true } : { channelId: 'C0PLAN', responseUrl: s.slack.responseUrl(`button-${itemId}`) });

const submission = (u: FakeUser, viewId: string, privateMetadata: string, status: string | null, note: string | null) =>
  modalSubmission(u, privateMetadata, status, note, viewId);

async function openModal(u: FakeUser, itemId: string, where: 'message' | 'home' = 'message') {
  const click = buttonClick(u, itemId, where);
  const res = await s.interaction(click);
  expect(res.status).toBe(200);
  const open = await s.slack.waitFor(() => s.slack.callsTo('views.open').at(-1));
  expect(open.params.trigger_id).toBe(click.trigger_id);
  return open.params.view as { private_metadata: string; title: { text: string }; blocks: unknown[] };
}

describe('the update modal', () => {
  it('opens from an action card button with a status select and a reason field', async () => {
    const view = await openModal(PEOPLE.mere, '13b');
    expect(view.title.text).toBe('Update 13b');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ itemId: '13b', channelId: 'C0PLAN' });
    const text = allText(view.blocks);
    expect(text).toContain('At risk');
    expect(text).toContain('Reason or note');
  });

  it('requires a reason for at-risk and a status at all', async () => {
    const view = await openModal(PEOPLE.mere, '13b');
    const noReason = await s.interaction(submission(PEOPLE.mere, `V${randomUUID()}`, view.private_metadata, 'at-risk', ''));
    expect(noReason.json).toEqual({ response_action: 'errors', errors: { note: 'At risk needs a reason.' } });
    const noStatus = await s.interaction(submission(PEOPLE.mere, `V${randomUUID()}`, view.private_metadata, null, 'x'));
    expect(noStatus.json).toMatchObject({ response_action: 'errors', errors: { status: 'Choose a status.' } });
    expect((await s.updates('13b')).length).toBe(0);
  });

  it('saves, confirms in the modal, announces once, and a resubmission never saves twice', async () => {
    const view = await openModal(PEOPLE.mere, '13b');
    const viewId = `V${randomUUID()}`;
    const first = await s.interaction(submission(PEOPLE.mere, viewId, view.private_metadata, 'at-risk', 'Waiting on legal advice'));
    expect(first.json?.response_action).toBe('update');
    expect(allText(first.json)).toContain('Saved: 13b is now At risk.');
    const again = await s.interaction(submission(PEOPLE.mere, viewId, view.private_metadata, 'at-risk', 'Waiting on legal advice'));
    expect(allText(again.json)).toContain('Already saved: 13b is At risk.');
    const saved = (await s.updates('13b')).filter((u) => u.note === 'Waiting on legal advice');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ status: 'at-risk', by: { email: PEOPLE.mere.email }, source: { channelId: 'C0PLAN' } });
    await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    const posts = s.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params).toMatchObject({ channel: 'C0PLAN', text: 'Mere Tane (Inland Revenue) set 13b to At risk — Waiting on legal advice' });
  });

  it('shows a refusal in the modal when the person may not update the item', async () => {
    const view = await openModal(PEOPLE.ivan, '13b');
    const res = await s.interaction(submission(PEOPLE.ivan, `V${randomUUID()}`, view.private_metadata, 'complete', 'Done'));
    expect(res.json?.response_action).toBe('update');
    expect(allText(res.json)).toContain("You can't update 13b.");
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe("a digest's one Update status button", () => {
  it("opens a modal that lists the agency's items, and saves the one chosen", async () => {
    const click = buttonClick(PEOPLE.jane, '7');
    click.actions[0]!.value = '1a,5,6,7,12';
    await s.interaction(click);
    const open = await s.slack.waitFor(() => s.slack.callsTo('views.open').at(-1));
    const view = open.params.view as { private_metadata: string; title: { text: string }; blocks: { block_id?: string; element?: { options?: { value: string }[]; initial_option?: { value: string } } }[] };
    expect(view.title.text).toBe('Update status');
    const chooser = view.blocks.find((b) => b.block_id === 'item')!;
    expect(chooser.element!.options!.map((o) => o.value)).toEqual(['1a', '5', '6', '7', '12']);
    expect(chooser.element!.initial_option!.value).toBe('7');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ itemId: '7', itemIds: ['1a', '5', '6', '7', '12'] });

    const before = (await s.updates('12')).length;
    const submit = submission(PEOPLE.jane, `V${randomUUID()}`, view.private_metadata, 'on-track', 'From the digest');
    (submit.view.state.values as Record<string, unknown>).item = { item: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: '12' }, value: '12' } } };
    const res = await s.interaction(submit);
    expect(allText(res.json)).toContain('Saved: 12 is now On track.');
    expect(await s.updates('12')).toHaveLength(before + 1);

    // An item the form did not list is not taken from a forged submission: the form's own item is.
    const forged = submission(PEOPLE.jane, `V${randomUUID()}`, view.private_metadata, 'on-track', 'Forged');
    (forged.view.state.values as Record<string, unknown>).item = { item: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: '13b' }, value: '13b' } } };
    expect(allText((await s.interaction(forged)).json)).toContain('Saved: 7 is now On track.');
  });
});

describe('App Home', () => {
  it('shows the viewer’s agency’s actions with status and an update button each', async () => {
    await s.command('update 5 on-track Home check', PEOPLE.jane);
    s.slack.reset();
    const res = await s.event({ type: 'app_home_opened', user: PEOPLE.jane.id, channel: 'D0JANE', tab: 'home', event_ts: '1700000000.1' });
    expect(res.status).toBe(200);
    const publish = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
    expect(publish.params.user_id).toBe(PEOPLE.jane.id);
    const view = publish.params.view as { type: string; blocks: { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[] };
    expect(view.type).toBe('home');
    const buttons = view.blocks.filter((b) => b.accessory).map((b) => b.accessory!.value);
    expect(buttons).toEqual(['1a', '5', '6', '7', '12', '15', '16', '18']);
    const five = view.blocks.find((b) => b.accessory?.value === '5');
    expect(five?.text?.text).toContain('On track — Home check (Jane Smith (Police)');
  });

  it('opens the modal from App Home and refreshes the tab after a save', async () => {
    const view = await openModal(PEOPLE.jane, '12', 'home');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ itemId: '12', fromHome: true });
    const res = await s.interaction(submission(PEOPLE.jane, `V${randomUUID()}`, view.private_metadata, 'complete', 'Evaluation published'));
    expect(allText(res.json)).toContain('Saved: 12 is now Complete (awaiting sign-off).');
    const publish = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
    expect(allText(publish.params.view)).toContain('Complete (awaiting sign-off) — Evaluation published (Jane Smith (Police)');
  });

  it('tells someone without a verified email why nothing is listed', async () => {
    await s.event({ type: 'app_home_opened', user: PEOPLE.guest.id, channel: 'D0GUEST', tab: 'home', event_ts: '1700000000.2' });
    const publish = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
    expect(allText(publish.params.view)).toContain('I could not verify your email address');
  });
});

describe('direct messages and mentions', () => {
  it('answers a DM in plain language in the conversation', async () => {
    await s.event({ type: 'message', channel_type: 'im', channel: 'D0MERE', user: PEOPLE.mere.id, text: 'who coordinates 13b?', ts: '1700000200.000100' });
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params.channel).toBe('D0MERE');
    expect(post.params.thread_ts).toBeUndefined();
    expect(post.params.text).toContain('13b is coordinated by Inland Revenue');
  });

  it('answers an @mention in a thread, without the mention', async () => {
    await s.event({ type: 'app_mention', channel: 'C0PLAN', user: PEOPLE.jane.id, text: '<@U0BOT> what does police coordinate', ts: '1700000300.000100' });
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params).toMatchObject({ channel: 'C0PLAN', thread_ts: '1700000300.000100' });
    expect(post.params.text).toContain('Coordinated by New Zealand Police');
  });

  it('updates from a mention inside a thread, replying in that thread', async () => {
    await s.event({ type: 'app_mention', channel: 'C0PLAN', user: PEOPLE.jane.id, text: '<@U0BOT> update 18 on-track Courts engaged', ts: '1700000400.000200', thread_ts: '1700000400.000100' });
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params).toMatchObject({ channel: 'C0PLAN', thread_ts: '1700000400.000100' });
    expect(post.params.text).toContain('Saved: 18 is now On track.');
    expect((await s.updates('18')).filter((u) => u.note === 'Courts engaged')).toHaveLength(1);
  });

  it('ignores its own messages and message edits', async () => {
    await s.event({ type: 'message', channel_type: 'im', channel: 'D0MERE', user: 'U0BOT', bot_id: 'B0BOT', text: 'help', ts: '1700000500.000100' });
    await s.event({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0MERE', ts: '1700000500.000200', message: { text: 'help' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('hostile text in notes', () => {
  const hostile = '<!channel> <@U0IVAN> <http://evil.example|click me> & {"$gt": ""} *bold*';

  it('is stored literally and escaped in every echo', async () => {
    const res = await s.command(`update 16 off-track ${hostile}`, PEOPLE.jane, { channel_id: 'C0OPS' });
    expect(ackText(res)).toContain('Saved: 16 is now Off track.');
    const [saved] = (await s.updates('16')).filter((u) => String(u.note).includes('evil.example'));
    expect(saved?.note).toBe(hostile);
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    const history = await s.command('history 16', PEOPLE.ivan);
    const status = await s.command('status 16', PEOPLE.ivan);
    await s.event({ type: 'message', channel_type: 'im', channel: 'D0IVAN', user: PEOPLE.ivan.id, text: 'show 16', ts: '1700000600.000100' });
    const dm = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'D0IVAN'));
    await s.event({ type: 'app_home_opened', user: PEOPLE.jane.id, channel: 'D0JANE', tab: 'home', event_ts: '1700000600.2' });
    const home = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
    const echoes = [res.json, post.params, history.json, status.json, dm.params, home.params.view];
    for (const echo of echoes) {
      const text = allText(echo);
      expect(text).toContain('&lt;!channel&gt; &lt;@U0IVAN&gt; &lt;http://evil.example|click me&gt; &amp;');
      expect(text).not.toMatch(/<!channel>|<@U0IVAN>|<http:\/\/evil/);
    }
    expect(post.params).toMatchObject({ unfurl_links: 'false', link_names: 'false' }); // form-encoded by the WebClient
  });

  it('reads Slack’s escaping of what people type once: "R&D <done>" is stored and echoed as written', async () => {
    // Slack sends typed &, < and > as entities.
    const res = await s.command('update 12 on-track R&amp;D &lt;done&gt; &amp;lt;', PEOPLE.jane);
    expect(allText(res.json)).toContain('R&amp;D &lt;done&gt; &amp;lt;');
    expect((await s.updates('12')).map((u) => u.note)).toContain('R&D <done> &lt;');
    await s.event({ type: 'message', channel_type: 'im', channel: 'D0JANE', user: PEOPLE.jane.id, text: 'search R&amp;D', ts: '1700000800.000100' });
    const dm = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'D0JANE'));
    expect(String(dm.params.text)).toContain('"R&amp;D"');
  });

  it('escapes what the person typed when the command is not understood', async () => {
    const res = await s.command('<!here> <@U0IVAN> please', PEOPLE.jane);
    expect(allText(res.json)).not.toMatch(/<!here>|<@U0IVAN>/);
    expect(allText(res.json)).toContain('&lt;!here&gt;');
  });
});

const ackText = (res: { json: Record<string, unknown> | undefined }) => allText(res.json);

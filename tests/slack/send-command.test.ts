// A mistyped update over Slack: the answer shows the corrected command with a
// button; nothing is saved until the person presses it; a press saves once
// (however often it is pressed) and is announced like any update.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../fakes/slack-api.js';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';

let s: SlackBot;

beforeAll(async () => {
  s = await startSlackBot();
});
afterAll(() => s.close());
beforeEach(() => s.slack.reset());

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}

function buttonsIn(json: unknown): Button[] {
  const blocks = (json as { blocks?: { type: string; elements?: Button[] }[] }).blocks ?? [];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** The click Slack sends for a button on the /tsoc answer (an ephemeral message in C0PLAN). */
function press(u: FakeUser, button: Button, responseId: string, messageTs = '1700000000.000200') {
  return {
    type: 'block_actions',
    user: { id: u.id, username: u.realName.split(' ')[0]!.toLowerCase(), name: u.realName.split(' ')[0]!.toLowerCase(), team_id: 'T0TSOC' },
    api_app_id: 'A0TSOC',
    token: 'unused',
    trigger_id: `${Date.now()}.trigger.${randomUUID()}`,
    team: { id: 'T0TSOC', domain: 'tsoc-test' },
    container: { type: 'message', message_ts: messageTs, channel_id: 'C0PLAN', is_ephemeral: true },
    channel: { id: 'C0PLAN', name: 'tsoc-plan' },
    response_url: s.slack.responseUrl(responseId),
    actions: [{ action_id: button.action_id, block_id: 'b1', text: button.text, value: button.value, type: 'button', action_ts: '1700000000.1' }],
  };
}

describe('a corrected update over Slack', () => {
  it('is shown with a button, saved only when pressed, and saved once however often', async () => {
    const res = await s.command('updte 16 on track', PEOPLE.jane, { channel_id: 'C0PLAN' });
    expect(res.status).toBe(200);
    expect(allText(res.json)).toContain('Did you mean `update 16 on-track`?');
    const [button] = buttonsIn(res.json);
    expect(button).toMatchObject({ value: 'update 16 on-track', text: { text: 'Send: update 16 on-track' } });
    expect(button!.action_id).toMatch(/^tsoc_send_command:/);
    expect(await s.updates('16')).toHaveLength(0);

    const responseId = randomUUID();
    expect((await s.interaction(press(PEOPLE.jane, button!, responseId))).status).toBe(200);
    const answered = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === responseId && allText(r.body).includes('Saved')));
    expect(allText(answered.body)).toContain('Saved: 16 is now On track.');
    const announced = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').at(0));
    expect(announced.params).toMatchObject({ channel: 'C0PLAN', text: 'Jane Smith (Police) set 16 to On track' });

    // A second press of the same button (or Slack re-sending the click) saves nothing more.
    const again = randomUUID();
    await s.interaction(press(PEOPLE.jane, button!, again));
    const second = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === again));
    expect(allText(second.body)).toContain('Already saved: 16 is On track.');
    expect(await s.updates('16')).toHaveLength(1);
  });

  it('runs as the person who presses it, with their permissions', async () => {
    const res = await s.command('updte 16 complete', PEOPLE.jane, { channel_id: 'C0PLAN' });
    const [button] = buttonsIn(res.json);
    const responseId = randomUUID();
    await s.interaction(press(PEOPLE.mere, button!, responseId, '1700000000.000300'));
    const refused = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === responseId));
    expect(allText(refused.body)).toContain("You can't update 16.");
    expect((await s.updates('16')).filter((u) => u.status === 'complete')).toHaveLength(0);
  });

  it('a look-up read from corrected words runs at once and says how it read them', async () => {
    const res = await s.command('shwo 7', PEOPLE.jane);
    expect(allText(res.json)).toContain('(I read that as `show 7`.)');
    expect(buttonsIn(res.json).some((b) => b.action_id.startsWith('tsoc_send_command'))).toBe(false);
  });
});

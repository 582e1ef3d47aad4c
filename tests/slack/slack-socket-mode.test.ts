// Socket Mode (SLACK_APP_TOKEN): the bot opens a WebSocket to a local server
// standing in for Slack's, found through apps.connections.open at SLACK_API_URL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { eventBody } from '../support/slack-requests.js';

let s: SlackBot;

beforeAll(async () => {
  s = await startSlackBot({ env: { SLACK_APP_TOKEN: 'xapp-1-A0TSOC-test' } });
});
afterAll(() => s.close());

const command = (text: string, user = PEOPLE.jane, channel = 'C0PLAN') => ({
  token: 'unused', team_id: 'T0TSOC', team_domain: 'tsoc-test', channel_id: channel, channel_name: 'tsoc-plan',
  user_id: user.id, user_name: user.realName.split(' ')[0]!.toLowerCase(), command: '/tsoc', text, api_app_id: 'A0TSOC',
  is_enterprise_install: 'false', response_url: s.slack.responseUrl(randomUUID()), trigger_id: `${Date.now()}.${randomUUID()}`,
});

describe('Socket Mode', () => {
  it('connects with the app-level token and mounts no HTTP endpoint', async () => {
    expect(s.surface.mode).toBe('socket');
    const open = s.slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe('xapp-1-A0TSOC-test');
    expect(s.slack.socket()).toBeDefined();
    const res = await fetch(`${s.bot.url}/slack/events`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
  });

  it('answers /tsoc in the envelope acknowledgement', async () => {
    const ack = await s.slack.sendEnvelope({ type: 'slash_commands', payload: command('who coordinates 13b?') });
    expect(ack.response_type).toBe('ephemeral');
    expect(allText(ack)).toContain('13b is coordinated by Inland Revenue and Ministry of Business, Innovation and Employment (MBIE).');
  });

  it('saves an update and announces it in the channel', async () => {
    const ack = await s.slack.sendEnvelope({ type: 'slash_commands', payload: command('update 5 on-track Over the socket', PEOPLE.jane, 'C0SOCK') });
    expect(allText(ack)).toContain('Saved: 5 is now On track.');
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'C0SOCK'));
    expect(post.params.text).toBe('Jane Smith (Police) set 5 to On track — Over the socket');
    expect((await s.updates('5')).filter((u) => u.note === 'Over the socket')).toHaveLength(1);
  });

  it('answers a DM event once, even when Slack retries it', async () => {
    const payload = JSON.parse(eventBody({ type: 'message', channel_type: 'im', channel: 'D0SOCK', user: PEOPLE.mere.id, text: 'what does IRD coordinate?', ts: '1700000700.000100' }, 'EvSOCKET1')) as Record<string, unknown>;
    await s.slack.sendEnvelope({ type: 'events_api', payload, retry_attempt: 0 });
    await s.slack.sendEnvelope({ type: 'events_api', payload, retry_attempt: 1 });
    const reply = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'D0SOCK'));
    expect(reply.params.text).toContain('Coordinated by Inland Revenue');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'D0SOCK')).toHaveLength(1);
  });
});

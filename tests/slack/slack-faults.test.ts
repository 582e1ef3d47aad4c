// Faults around the Slack surface: the database going down mid-request, Slack
// rate-limiting the channel post, and answers slower than Slack's 3 s.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/** The answer to a command: in the acknowledgement, or (when that was empty) through response_url. */
async function finalAnswer(s: SlackBot, res: { json: Record<string, unknown> | undefined; responseId: string }): Promise<Record<string, unknown>> {
  if (res.json) return res.json;
  return (await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === res.responseId), 15_000)).body;
}

describe('database down mid-request', () => {
  let s: SlackBot;
  let proxy: TcpProxy;

  beforeAll(async () => {
    proxy = await startTcpProxy(inject('mongoUri'));
    s = await startSlackBot({ mongoUri: proxy.uri });
  });
  afterAll(async () => {
    await s.close();
    await proxy.close();
  });

  it('tells the person nothing was saved, keeps serving, and recovers when the database returns', async () => {
    await s.command('whoami', PEOPLE.jane); // warm: Jane's identity is cached
    proxy.cut();
    s.slack.reset();
    const res = await s.command('update 7 on-track Saved while down?', PEOPLE.jane, { channel_id: 'C0OPS' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000); // acknowledged inside Slack's window, with the answer or before it
    const answer = await finalAnswer(s, res);
    expect(answer.response_type).toBe('ephemeral');
    expect(allText(answer)).toContain('The database is not reachable, so nothing was saved.');
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);

    // The process survives: health is up, readiness says why, plan look-ups still answer.
    expect((await fetch(`${s.bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.bot.url}/readyz`)).status).toBe(503);
    const look = await s.command('who coordinates 13b', PEOPLE.jane);
    expect(allText(look.json)).toContain('13b is coordinated by Inland Revenue');

    proxy.restore();
    let saved = false;
    for (let i = 0; i < 20 && !saved; i++) {
      const again = await s.command('update 7 on-track Saved after recovery', PEOPLE.jane);
      const text = allText(await finalAnswer(s, again));
      saved = text.includes('Saved: 7 is now On track.');
      if (!saved) await new Promise((r) => setTimeout(r, 500));
    }
    expect(saved).toBe(true);
    const notes = (await s.updates('7')).map((u) => u.note);
    expect(notes).toContain('Saved after recovery');
    expect(notes).not.toContain('Saved while down?');
  }, 60_000);

  it('acknowledges in time when the database hangs, then says nothing was saved through response_url', async () => {
    await s.command('whoami', PEOPLE.mere);
    proxy.hang();
    s.slack.reset();
    try {
      const res = await s.command('update 13b on-track Saved while hanging?', PEOPLE.mere, { channel_id: 'C0OPS' });
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3000);
      expect(res.text).toBe(''); // the engine is still waiting on the database
      const answer = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === res.responseId), 20_000);
      expect(answer.body.response_type).toBe('ephemeral');
      expect(allText(answer.body)).toContain('The database is not reachable, so nothing was saved.');
      expect(s.slack.callsTo('chat.postMessage')).toHaveLength(0);
    } finally {
      proxy.restore();
    }
    expect((await s.updates('13b')).map((u) => u.note)).not.toContain('Saved while hanging?');
  }, 60_000);
});

describe('Slack rate-limits the channel post (429)', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot();
  });
  afterAll(() => s.close());

  it('still saves and answers, posts the announcement through response_url, and keeps other calls flowing', async () => {
    s.slack.failures.set('chat.postMessage', { status: 429, retryAfter: 30 });
    const res = await s.command('update 6 complete Rate limited announcement', PEOPLE.jane, { channel_id: 'C0BUSY' });
    expect(allText(res.json)).toContain('Saved: 6 is now Complete (awaiting sign-off).');
    expect((await s.updates('6')).filter((u) => u.note === 'Rate limited announcement')).toHaveLength(1);
    const fallback = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === res.responseId && r.body.response_type === 'in_channel'));
    expect(fallback.body.text).toBe('Jane Smith (Police) set 6 to Complete (awaiting sign-off) — Rate limited announcement');
    expect(s.slack.callsTo('chat.postMessage')).toHaveLength(1); // rejected, not retried for 30 s

    // The Web API queue is not paused: a new person's users.info and answer come straight away.
    const next = await s.command('whoami', PEOPLE.ivan);
    expect(next.ms).toBeLessThan(1500);
    expect(allText(next.json)).toContain('ivan@customs.govt.nz');
  });
});

describe('answers slower than the acknowledgement budget', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot({ surface: { ackBudgetMs: 0 } });
  });
  afterAll(() => s.close());

  it('acknowledges empty and answers a look-up through response_url', async () => {
    const res = await s.command('who coordinates 13b', PEOPLE.mere);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const answer = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === res.responseId));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(allText(answer.body)).toContain('13b is coordinated by Inland Revenue');
  });

  it('answers an update through response_url and announces it', async () => {
    const res = await s.command('update 13b on-track Slow path', PEOPLE.mere, { channel_id: 'C0OPS' });
    expect(res.text).toBe('');
    const answer = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === res.responseId));
    expect(allText(answer.body)).toContain('Saved: 13b is now On track.');
    const post = await s.slack.waitFor(() => s.slack.callsTo('chat.postMessage')[0]);
    expect(post.params).toMatchObject({ channel: 'C0OPS', text: 'Mere Tane (Inland Revenue) set 13b to On track — Slow path' });
  });

  it('shows "Saving…" in the modal, then the result through views.update', async () => {
    const meta = JSON.stringify({ itemId: '13a', channelId: 'C0OPS' });
    const viewId = `V${randomUUID()}`;
    const res = await s.interaction({
      type: 'view_submission',
      team: { id: 'T0TSOC', domain: 'tsoc-test' },
      user: { id: PEOPLE.mere.id, username: 'mere', name: 'mere', team_id: 'T0TSOC' },
      api_app_id: 'A0TSOC',
      token: 'unused',
      trigger_id: 'trigger',
      view: {
        id: viewId, team_id: 'T0TSOC', type: 'modal', callback_id: 'tsoc_update_modal', private_metadata: meta, hash: 'h',
        state: { values: { status: { status: { type: 'static_select', selected_option: { value: 'complete', text: { type: 'plain_text', text: 'Complete' } } } }, note: { note: { type: 'plain_text_input', value: 'Evaluation published' } } } },
      },
      response_urls: [],
    });
    expect(allText(res.json)).toContain('Saving…');
    // Mere is in Inland Revenue; 13a is MBIE and Justice: the modal explains the refusal.
    const update = await s.slack.waitFor(() => s.slack.callsTo('views.update')[0]);
    expect(update.params.view_id).toBe(viewId);
    expect(allText(update.params.view)).toContain("You can't update 13a.");
  });
});

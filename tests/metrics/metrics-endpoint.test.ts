// Prometheus metrics: served on their own listener (METRICS_PORT, 127.0.0.1 by
// default), never on the bot's main port; the text parses as Prometheus text;
// the counters move with real signed Slack requests against the real database;
// no email or note ever appears in a label.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Registry } from 'prom-client';
import { createBotMetrics } from '../../src/metrics/bot-metrics.js';
import { observedEngine } from '../../src/metrics/observe.js';
import { startMongoCutProxy } from '../stress-support/mongo-cut-proxy.js';
import { engineFixture, person } from '../support/engine-fixture.js';
import { PEOPLE, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { parseExposition } from './prom-text.js';

let s: SlackBot;
beforeAll(async () => {
  s = await startSlackBot({ env: { METRICS_PORT: '0' } });
});
afterAll(() => s.close());

async function scrape() {
  const res = await fetch(s.bot.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: await res.text() };
}

describe('GET /metrics', () => {
  it('is served on its own loopback listener and not on the main port', async () => {
    expect(s.bot.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(s.bot.metricsUrl!).port).not.toBe(new URL(s.bot.url).port);
    expect((await fetch(`${s.bot.url}/metrics`)).status).toBe(404);
    expect((await fetch(s.bot.metricsUrl!, { method: 'POST' })).status).toBe(405);
    expect((await fetch(s.bot.metricsUrl!.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('parses as Prometheus text, and its counters move with real requests', async () => {
    const before = parseExposition((await scrape()).text);
    expect(before.types.get('tsoc_commands_total')).toBe('counter');
    expect(before.types.get('tsoc_command_duration_seconds')).toBe('histogram');
    expect(before.types.get('tsoc_write_queue_depth')).toBe('gauge');
    expect(before.types.get('tsoc_process_cpu_seconds_total')).toBe('counter'); // process metrics

    const jane = PEOPLE.jane;
    expect((await s.command('show 7', jane)).status).toBe(200);
    expect((await s.command('history 7', jane)).status).toBe(200);
    expect((await s.command('update 7 on-track Metrics secret note', jane, { trigger_id: 'metrics-1' })).status).toBe(200);
    expect((await s.command('update 7 on-track Metrics secret note', jane, { trigger_id: 'metrics-1' })).status).toBe(200); // sent again
    expect((await s.command('update 13b on-track Not ours', jane)).status).toBe(200); // refused: another agency's
    expect((await s.command('update 7 sideways', jane)).status).toBe(200); // bad input

    const scraped = (await scrape()).text;
    const after = parseExposition(scraped);
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved('tsoc_commands_total', { surface: 'slack', command: 'show', outcome: 'ok' })).toBe(1);
    expect(moved('tsoc_commands_total', { surface: 'slack', command: 'history', outcome: 'ok' })).toBe(1);
    expect(moved('tsoc_commands_total', { surface: 'slack', command: 'update', outcome: 'ok' })).toBe(2);
    expect(moved('tsoc_commands_total', { surface: 'slack', command: 'update', outcome: 'refused' })).toBe(1);
    expect(moved('tsoc_commands_total', { surface: 'slack', command: 'update', outcome: 'bad_input' })).toBe(1);
    expect(moved('tsoc_answers_total', { outcome: 'ok' })).toBe(4);
    expect(moved('tsoc_command_duration_seconds_count', { surface: 'slack', command: 'update' })).toBe(4);
    expect(moved('tsoc_http_requests_total', { route: '/slack/events', method: 'POST', status: '200' })).toBe(6);
    // Two insert batches into the log: the update, and the same request sent again (which the
    // unique request key turns away: "Already saved").
    expect(moved('tsoc_db_write_batch_size_count', { collection: 'status_updates' })).toBe(2);
    expect(moved('tsoc_db_write_batch_size_sum', { collection: 'status_updates' })).toBe(2);
    expect(moved('tsoc_db_operation_duration_seconds_count', { operation: 'saving the update', result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(after.value('tsoc_write_queue_depth')).toBeGreaterThanOrEqual(0);
    // Label values are fixed words: no email, user id or note.
    const labelValues = after.samples.flatMap((x) => Object.values(x.labels)).join('\n');
    expect(labelValues).not.toMatch(/@|U0JANE|secret note|Not ours/i);
  });
});

describe('answers by outcome', () => {
  it('counts "unavailable" and "cannot tell" apart, from the real engine over a database that stops', async () => {
    const proxy = await startMongoCutProxy(inject('mongoUri'));
    const g = await engineFixture({ uri: proxy.uri });
    const metrics = createBotMetrics(new Registry(), { processMetrics: false });
    const engine = observedEngine(g.engine, metrics);
    const jane = person('jane@police.govt.nz', 'Jane Smith');
    try {
      expect((await engine.run('update 7 on-track Before', jane)).ok).toBe(true);
      const cut = proxy.cutBeforeAckOfInsertInto('status_updates');
      const unconfirmed = engine.run('update 7 off-track Made but never acknowledged', jane, { request: { key: 'metrics-unacked' } });
      await cut;
      expect((await unconfirmed).title).toMatch(/cannot tell whether it was saved/);
      const down = await engine.run('update 7 at-risk While down', jane);
      expect(down.title).toBe('The database is not reachable, so nothing was saved.');
      const m = parseExposition(await metrics.registry.metrics());
      expect(m.value('tsoc_answers_total', { outcome: 'ok' })).toBe(1);
      expect(m.value('tsoc_answers_total', { outcome: 'cannot_tell' })).toBe(1);
      expect(m.value('tsoc_answers_total', { outcome: 'unavailable' })).toBe(1);
      expect(m.value('tsoc_commands_total', { surface: 'slack', command: 'update', outcome: 'cannot_tell' })).toBe(1);
    } finally {
      await g.close();
      await proxy.close();
    }
  });
});

// Who reaches /api/messages without credentials. Teams is off unless it is
// configured (a Slack-only deployment has no /api/messages at all); local mode
// is an explicit opt-in and serves only JSON requests made directly from this
// machine about a connector on this machine. Each attack here worked against
// the old implicit local mode: a same-host forwarding proxy, a web page's
// text/plain POST, and a hostile connector answering the member look-up with a
// steward's email.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/start-bot.js';
import { slackSurface } from '../../src/slack/slack-surface.js';
import { COLLECTIONS } from '../../src/store/collections.js';
import { TEAMS_CONVERSATIONS } from '../../src/store/mongo-conversation-store.js';
import { teamsSurface } from '../../src/teams/teams-surface.js';
import { startFakeSlack } from '../fakes/slack-api.js';
import { memoryLogger, testConfig } from '../support/test-env.js';
import { message } from './support/activities.js';
import { FakeConnector } from './support/fake-connector.js';
import { startTeamsBot, type TeamsBot } from './support/teams-bot.js';

const STEWARD = 'steward@dpmc.govt.nz';
const MALLORY = { id: '29:mallory', name: 'Mallory' };

/** A connector of the attacker's: it says Mallory's email is the steward's. */
async function hostileConnector(): Promise<FakeConnector> {
  const hostile = await new FakeConnector().start();
  hostile.addMember({ ...MALLORY, email: STEWARD });
  return hostile;
}

/** A reverse proxy on 127.0.0.1 as operators run one (nginx's proxy_set_header lines): it adds who really asked. */
async function forwardingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const upstream = http.request({
      host: to.hostname, port: to.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: to.host, 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https', 'x-real-ip': '203.0.113.66' },
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Teams off (neither credentials nor TEAMS_LOCAL_MODE)', () => {
  it('a Slack-only deployment answers /api/messages with 404, runs nothing, and says at start which surfaces are on', async () => {
    const slack = await startFakeSlack();
    const hostile = await hostileConnector();
    const logger = memoryLogger();
    const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, TSOC_ADMINS: STEWARD });
    const bot = await startBot({ config, logger, surfaces: [slackSurface, teamsSurface] });
    try {
      const activity = message(hostile.url, MALLORY, 'grant mallory@example.com tsoc');
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBe(404);
      expect(hostile.requests).toHaveLength(0);
      expect(await bot.database.db.collection(COLLECTIONS.memberships).countDocuments({ email: 'mallory@example.com' })).toBe(0);
      expect(logger.lines).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/^teams: off — set TEAMS_APP_ID and TEAMS_APP_PASSWORD/) }));
      expect(logger.lines).toContainEqual(expect.objectContaining({ message: 'listening', fields: expect.objectContaining({ surfaces: ['slack'] }) }));
    } finally {
      await bot.stop();
      await hostile.stop();
      await slack.close();
    }
  });

  it('a bot with no surface configured has no /api/messages either', async () => {
    const bot = await startBot({ config: testConfig(), logger: memoryLogger(), surfaces: [teamsSurface] });
    try {
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});

describe('local mode (TEAMS_LOCAL_MODE=true)', () => {
  let t: TeamsBot;
  let hostile: FakeConnector;
  beforeAll(async () => {
    t = await startTeamsBot({ TSOC_ADMINS: STEWARD });
    hostile = await hostileConnector();
  });
  afterAll(async () => {
    await t.stop();
    await hostile.stop();
  });

  async function nothingRan(activity: { conversation: { id: string } }): Promise<void> {
    expect(hostile.requests).toHaveLength(0);
    expect(t.connector.requests).toHaveLength(0);
    expect(await t.bot.database.db.collection(COLLECTIONS.memberships).countDocuments({ email: 'mallory@example.com' })).toBe(0);
    expect(await t.bot.database.db.collection(TEAMS_CONVERSATIONS).findOne({ conversationId: activity.conversation.id })).toBeNull();
  }

  it('refuses a request relayed by a forwarding proxy on 127.0.0.1 (403), so the steward grant never happens', async () => {
    const proxy = await forwardingProxy(t.bot.url);
    try {
      hostile.reset();
      t.connector.reset();
      const activity = message(hostile.url, MALLORY, 'grant mallory@example.com tsoc');
      const res = await fetch(`${proxy.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toContain('local mode');
      await nothingRan(activity);
      expect(t.logger.lines).toContainEqual(expect.objectContaining({
        level: 'warn', message: 'teams request refused: local mode accepts direct JSON requests from this machine only',
        fields: expect.objectContaining({ reason: 'relayed by a proxy (x-forwarded-for header)' }),
      }));
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ['Forwarded', { forwarded: 'for=203.0.113.66;proto=https' }],
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.66' }],
    ['X-Forwarded-Host', { 'x-forwarded-host': 'bot.example.govt.nz' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.66' }],
    ['Origin (a web page\'s request)', { origin: 'https://evil.example' }],
    ['Content-Type text/plain', { 'content-type': 'text/plain' }],
    ['no Content-Type', { 'content-type': '' }],
  ])('refuses a request with %s (403, nothing run)', async (_label, headers) => {
    hostile.reset();
    t.connector.reset();
    const activity = message(hostile.url, MALLORY, 'update 7 complete Not from here');
    const before = await t.updates('7');
    const res = await fetch(`${t.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    expect(res.status).toBe(403);
    await nothingRan(activity);
    expect(await t.updates('7')).toHaveLength(before.length);
  });

  it('refuses a cross-site text/plain POST as a browser sends it (no preflight), and runs nothing', async () => {
    hostile.reset();
    const activity = message(hostile.url, MALLORY, 'grant mallory@example.com tsoc');
    const res = await fetch(`${t.bot.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' }, body: JSON.stringify(activity),
    });
    expect(res.status).toBe(403);
    await nothingRan(activity);
  });

  it.each([
    ['an https URL', 'https://smba.trafficmanager.net/amer/'],
    ['another machine', 'http://10.1.2.3:8080/'],
    ['a URL that only starts like loopback', 'http://127.0.0.1.attacker.example/'],
  ])('refuses an activity whose serviceUrl is %s (403): local mode calls nothing off this machine', async (_label, serviceUrl) => {
    const activity = message(serviceUrl, MALLORY, 'show 7');
    const res = await t.send(activity);
    expect(res.status).toBe(403);
    expect(t.logger.lines.at(-1)).toMatchObject({ level: 'warn', message: 'teams request refused: serviceUrl not allowed' });
  });

  it('still serves a direct JSON request from this machine and stores its conversation for digests', async () => {
    t.connector.reset();
    t.connector.addMember({ id: '29:local-dev', name: 'Dev', email: 'dev@police.govt.nz' });
    const activity = message(t.connector.url, { id: '29:local-dev', name: 'Dev' }, 'update 7 on-track Local mode still works');
    const res = await fetch(`${t.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(200);
    expect((await t.updates('7')).at(-1)).toMatchObject({ note: 'Local mode still works' });
    expect(await t.bot.database.db.collection(TEAMS_CONVERSATIONS).findOne({ conversationId: activity.conversation.id })).not.toBeNull();
  });
});

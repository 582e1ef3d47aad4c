import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3978, HOST: '0.0.0.0', MONGODB_DB: 'tsoc', SLACK_API_URL: 'https://slack.com/api/', DIGEST_SCHEDULE: '0 9 * * 1',
      PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, LOG_LEVEL: 'info', TSOC_ADMINS: [], TEAMS_ALLOWED_TENANTS: [],
    });
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.slack.mode).toBe('off');
    expect(c.teams.mode).toBe('local');
  });

  it('reads lists, modes and numbers', () => {
    const c = loadConfig({
      TSOC_ADMINS: ' A@x.govt.nz, b@y.govt.nz ', TEAMS_ALLOWED_TENANTS: 't1,t2', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's',
      PORT: '8080', DIGEST_SCHEDULE: '*/10 * * * * *', TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw',
    });
    expect(c.TSOC_ADMINS).toEqual(['a@x.govt.nz', 'b@y.govt.nz']);
    expect(c.TEAMS_ALLOWED_TENANTS).toEqual(['t1', 't2']);
    expect(c.slack.mode).toBe('http');
    expect(c.teams.mode).toBe('authenticated');
    expect(c.PORT).toBe(8080);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ DIGEST_SCHEDULE: 'every monday' }, 'DIGEST_SCHEDULE'],
    [{ PLAN_TIMEZONE: 'Mars/Olympus' }, 'PLAN_TIMEZONE'],
    [{ STALE_AFTER_DAYS: '0' }, 'STALE_AFTER_DAYS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TSOC_ADMINS: 'not-an-email' }, 'TSOC_ADMINS'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ TEAMS_APP_ID: 'id' }, 'TEAMS_APP_PASSWORD'],
    [{ SLACK_API_URL: 'http://127.0.0.1:9/api' }, 'SLACK_API_URL'],
  ])('rejects %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('.env.example', () => {
  it('documents every configuration variable, each with a comment above it, and loads as-is', async () => {
    const { readFileSync } = await import('node:fs');
    const { configSchema } = await import('../../src/config.js');
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const lines = text.split('\n');
    const documented = new Map<string, string>();
    lines.forEach((line, i) => {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) {
        expect(lines[i - 1], `${m[1]} needs a comment`).toMatch(/^#/);
        documented.set(m[1]!, m[2]!);
      }
    });
    expect([...documented.keys()].sort()).toEqual(Object.keys(configSchema.shape).sort());
    expect(() => loadConfig(Object.fromEntries(documented))).not.toThrow();
  });
});

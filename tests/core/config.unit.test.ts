import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3978, HOST: '127.0.0.1', MONGODB_DB: 'tsoc', SLACK_API_URL: 'https://slack.com/api/', DIGEST_SCHEDULE: '0 9 * * 1',
      PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, LOG_LEVEL: 'info', TSOC_ADMINS: [], TEAMS_ALLOWED_TENANTS: [],
    });
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.slack.mode).toBe('off');
    expect(c.teams.mode).toBe('off');
    expect(loadConfig({ TEAMS_LOCAL_MODE: 'true' }).teams.mode).toBe('local');
  });

  it('reads lists, modes and numbers', () => {
    const c = loadConfig({
      TSOC_ADMINS: ' A@x.govt.nz, b@y.govt.nz ', TEAMS_ALLOWED_TENANTS: 't1,t2', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's',
      PORT: '8080', DIGEST_SCHEDULE: '*/10 * * * * *', TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw',
      TEAMS_TENANT_DOMAINS: 't1=police.govt.nz; t2=customs.govt.nz, IRD.govt.nz', TEAMS_SERVICE_URLS: 'https://smba.infra.gcc.teams.microsoft.com',
    });
    expect(c.TEAMS_TENANT_DOMAINS).toEqual({ t1: ['police.govt.nz'], t2: ['customs.govt.nz', 'ird.govt.nz'] });
    expect(c.TEAMS_SERVICE_URLS).toEqual(['https://smba.infra.gcc.teams.microsoft.com']);
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
    [{ TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw' }, 'TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS'],
    [{ TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw', TEAMS_ALLOWED_TENANTS: '*,t1' }, 'TEAMS_ALLOWED_TENANTS'],
    [{ TEAMS_LOCAL_MODE: 'true', TEAMS_APP_ID: 'id', TEAMS_APP_PASSWORD: 'pw', TEAMS_TENANT_ID: 't' }, 'TEAMS_LOCAL_MODE'],
    [{ TEAMS_LOCAL_MODE: 'true', HOST: '0.0.0.0' }, 'HOST'],
    [{ TEAMS_LOCAL_MODE: 'yes' }, 'TEAMS_LOCAL_MODE'],
    [{ TEAMS_SERVICE_URLS: 'http://smba.example.com' }, 'TEAMS_SERVICE_URLS'],
    [{ TEAMS_TENANT_DOMAINS: 'tenantA' }, 'TEAMS_TENANT_DOMAINS'],
    [{ TEAMS_TENANT_ID: 't1', TEAMS_TENANT_DOMAINS: 'other=police.govt.nz' }, 'TEAMS_TENANT_DOMAINS'],
    [{ SLACK_API_URL: 'http://127.0.0.1:9/api' }, 'SLACK_API_URL'],
  ])('rejects %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('OpenID Connect sign-in to the board', () => {
  const TENANT = '11111111-1111-1111-1111-111111111111';
  const client = { OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 'secret' };

  it('is off unless configured', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it("takes Entra's or Slack's rules from the issuer, else from OIDC_KIND", () => {
    expect(loadConfig({ ...client, OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0`, TEAMS_TENANT_ID: TENANT }).oidc)
      .toEqual({ kind: 'entra', issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, clientId: 'app', clientSecret: 'secret', insecure: false });
    expect(loadConfig({ ...client, OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0/', TEAMS_ALLOWED_TENANTS: `${TENANT},t2` }).oidc)
      .toMatchObject({ kind: 'entra', issuer: 'https://login.microsoftonline.com/organizations/v2.0' });
    expect(loadConfig({ ...client, OIDC_ISSUER: 'https://slack.com', SLACK_TEAM_ID: 'T0TSOC' }).oidc).toMatchObject({ kind: 'slack', issuer: 'https://slack.com' });
    expect(loadConfig({ ...client, OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_KIND: 'slack', SLACK_TEAM_ID: 'T0TSOC' }).oidc).toMatchObject({ kind: 'slack', insecure: true });
  });

  it.each([
    [{ OIDC_ISSUER: 'https://slack.com' }, 'set all three'],
    [{ OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 'secret' }, 'set all three'],
    [{ OIDC_KIND: 'entra' }, 'OIDC_KIND: only means something with OIDC_ISSUER'],
    [{ ...client, OIDC_ISSUER: 'https://id.example.govt.nz' }, 'set OIDC_KIND=entra or OIDC_KIND=slack'],
    [{ ...client, OIDC_ISSUER: 'https://id.example.govt.nz', OIDC_KIND: 'google' }, 'OIDC_KIND: expected entra or slack'],
    [{ ...client, OIDC_ISSUER: 'http://id.example.govt.nz', OIDC_KIND: 'entra', TEAMS_TENANT_ID: TENANT }, 'OIDC_ISSUER: must be https'],
    [{ ...client, OIDC_ISSUER: 'https://slack.com', OIDC_KIND: 'entra', TEAMS_TENANT_ID: TENANT }, 'OIDC_KIND: entra contradicts OIDC_ISSUER'],
    [{ ...client, OIDC_ISSUER: 'https://slack.com' }, 'SLACK_TEAM_ID: a Slack sign-in'],
    [{ ...client, OIDC_ISSUER: 'https://slack.com', SLACK_TEAM_ID: 'workspace' }, 'SLACK_TEAM_ID: expected a Slack workspace id'],
    [{ ...client, OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0` }, 'TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS: an Entra sign-in'],
    [{ ...client, OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_KIND: 'entra' }, 'TEAMS_TENANT_ID/TEAMS_ALLOWED_TENANTS: an Entra sign-in'],
    [{ ...client, OIDC_ISSUER: 'https://login.microsoftonline.com/other/v2.0', TEAMS_TENANT_ID: TENANT }, 'tenant other is not one this bot serves'],
    [{ ...client, OIDC_ISSUER: 'https://login.microsoftonline.com/consumers/v2.0', TEAMS_ALLOWED_TENANTS: '*' }, 'personal Microsoft accounts'],
    [{ ...client, OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}`, TEAMS_TENANT_ID: TENANT }, "Entra ID's issuer is https://login.microsoftonline.com/<tenant id>/v2.0"],
  ])('rejects %j: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
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

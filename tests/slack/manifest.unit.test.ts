// The Slack app manifest an administrator pastes into "Create app from manifest"
// matches what the bot serves: one endpoint, the /tsoc command, the events it
// listens to, interactivity, App Home and the scopes it calls Slack with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../src/slack/slack-surface.js';

const text = readFileSync(path.resolve(import.meta.dirname, '../../manifests/slack/manifest.yaml'), 'utf8');
const values = (key: string) => [...text.matchAll(new RegExp(`^\\s*${key}:\\s*(\\S+)`, 'gm'))].map((m) => m[1]);
const listUnder = (key: string) => {
  const m = new RegExp(`^(\\s*)${key}:\\n((?:\\1\\s+- .*\\n)+)`, 'm').exec(text);
  return m ? [...m[2]!.matchAll(/- (\S+)/g)].map((x) => x[1]) : [];
};

describe('Slack manifest', () => {
  it('is plain YAML without tabs', () => {
    expect(text).not.toMatch(/\t/);
    expect(text.startsWith('#')).toBe(true);
  });

  it('sends commands, events and interactivity to the bot’s one endpoint', () => {
    const urls = [...values('url'), ...values('request_url')];
    expect(urls).toHaveLength(3);
    for (const u of urls) expect(u).toBe(`https://tsoc-bot.example.govt.nz${SLACK_EVENTS_PATH}`);
  });

  it('declares /tsoc with a usage hint and escaped mentions (grant @user needs them)', () => {
    expect(values('- command')).toEqual(['/tsoc']);
    expect(text).toMatch(/usage_hint: ".*who coordinates 13b.*update 7 on-track/);
    expect(values('should_escape')).toEqual(['true']);
  });

  it('asks for the scopes the bot uses, and subscribes to the events it handles', () => {
    expect(listUnder('bot')).toEqual(['commands', 'chat:write', 'users:read', 'users:read.email', 'im:history', 'app_mentions:read', 'channels:history', 'groups:history']);
    expect(listUnder('bot_events')).toEqual(['app_home_opened', 'app_mention', 'message.im']);
  });

  it('turns on App Home, the Messages tab and interactivity', () => {
    expect(values('home_tab_enabled')).toEqual(['true']);
    expect(values('messages_tab_enabled')).toEqual(['true']);
    expect(values('is_enabled')).toEqual(['true']);
    expect(values('socket_mode_enabled')).toEqual(['false']);
  });
});

// The real bot (startBot: HTTP server, database, engine) with the Slack
// surface, talking to a fake Slack on 127.0.0.1, plus helpers that send
// correctly signed requests the way Slack does.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import type { Config } from '../../src/config.js';
import { slackSurfaceWith, type SlackSurface, type SlackSurfaceOptions } from '../../src/slack/slack-surface.js';
import { startFakeSlack, type FakeSlack, type FakeUser } from '../fakes/slack-api.js';
import { FORM, JSON_TYPE, eventBody, interactionBody, postSigned, slashCommandBody, type SignOptions, type SlackResponse } from './slack-requests.js';
import { memoryLogger, testConfig, type MemoryLogger } from './test-env.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export const PEOPLE = {
  jane: { id: 'U0JANE', realName: 'Jane Smith', email: 'jane.smith@police.govt.nz' },
  ivan: { id: 'U0IVAN', realName: 'Ivan Customs', email: 'ivan@customs.govt.nz' },
  mere: { id: 'U0MERE', realName: 'Mere Tane', email: 'mere@ird.govt.nz' },
  steward: { id: 'U0STEW', realName: 'Sam Steward', email: 'steward@tsoc.example.nz' },
  guest: { id: 'U0GUEST', realName: 'Guest Without Email' },
} satisfies Record<string, FakeUser>;

export interface SlackBot {
  bot: RunningBot;
  slack: FakeSlack;
  surface: SlackSurface;
  logger: MemoryLogger;
  config: Config;
  /** A client on the bot's database, for checking what was saved. */
  db: MongoClient;
  eventsUrl: string;
  command(text: string, user: FakeUser, extra?: { trigger_id?: string; channel_id?: string; responseId?: string; sign?: SignOptions }): Promise<SlackResponse & { responseId: string; body: string }>;
  interaction(payload: unknown, sign?: SignOptions): Promise<SlackResponse>;
  event(event: Record<string, unknown>, options?: { eventId?: string; sign?: SignOptions }): Promise<SlackResponse & { body: string }>;
  updates(itemId?: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface SlackBotOptions {
  env?: Record<string, string>;
  surface?: SlackSurfaceOptions;
  mongoUri?: string;
  slack?: FakeSlack;
}

export async function startSlackBot(options: SlackBotOptions = {}): Promise<SlackBot> {
  const slack = options.slack ?? (await startFakeSlack());
  for (const u of Object.values(PEOPLE)) slack.users.set(u.id, u);
  const config = testConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    TSOC_ADMINS: PEOPLE.steward.email,
    ...(options.mongoUri ? { MONGODB_URI: options.mongoUri } : {}),
    ...options.env,
  });
  const logger = memoryLogger();
  const bot = await startBot({ config, logger, surfaces: [slackSurfaceWith(options.surface)] });
  const surface = bot.surfaces.find((s) => s.name === 'slack') as SlackSurface;
  const db = new MongoClient(inject('mongoUri'), { serverSelectionTimeoutMS: 3000 });
  const eventsUrl = `${bot.url}/slack/events`;
  return {
    bot, slack, surface, logger, config, db, eventsUrl,
    async command(text, user, extra = {}) {
      const responseId = extra.responseId ?? randomUUID();
      const body = slashCommandBody({
        text, user_id: user.id, user_name: user.realName.split(' ')[0]!.toLowerCase(), response_url: slack.responseUrl(responseId),
        ...(extra.trigger_id ? { trigger_id: extra.trigger_id } : {}),
        ...(extra.channel_id ? { channel_id: extra.channel_id } : {}),
      });
      return { ...(await postSigned(eventsUrl, SIGNING_SECRET, body, FORM, extra.sign)), responseId, body };
    },
    interaction: (payload, sign) => postSigned(eventsUrl, SIGNING_SECRET, interactionBody(payload), FORM, sign),
    async event(event, opts = {}) {
      const body = eventBody(event, opts.eventId);
      return { ...(await postSigned(eventsUrl, SIGNING_SECRET, body, JSON_TYPE, opts.sign)), body };
    },
    async updates(itemId) {
      return db.db(config.MONGODB_DB).collection('status_updates').find(itemId ? { itemId } : {}).toArray();
    },
    async close() {
      await bot.stop();
      await db.close();
      if (!options.slack) await slack.close();
    },
  };
}

export { allText } from './slack-requests.js';

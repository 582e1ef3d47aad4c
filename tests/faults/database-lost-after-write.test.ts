// Faults (the exact moment): the database vanishes right after it has
// acknowledged an update's insert, before the bot has moved the current-status
// projection on and before the update's audit entry is written. The record
// holds the update, so the person must not be told "nothing was saved" (they
// would send it again and it would be recorded twice); nor "Saved", since a
// change is confirmed only once it is in the audit log. They are told it
// reached the database and not to send it again. Once the database is back,
// `status` shows it and the bot adds the audit entry by itself.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDbName } from '../support/test-env.js';
import { startBotProcess, type BotProcess } from '../stress-support/bot-process.js';
import { ensureBuilt } from '../stress-support/ensure-built.js';
import { keepAliveAgent } from '../stress-support/http-client.js';
import { classify, storedUpdates } from '../stress-support/ledger.js';
import { startMongoCutProxy, type MongoCutProxy } from '../stress-support/mongo-cut-proxy.js';
import { people, SIGNING_SECRET } from '../stress-support/people.js';
import { startPlatforms, type Platforms } from '../stress-support/platforms.js';
import { checkProjection } from '../stress-support/projection.js';
import { SlackClient } from '../stress-support/slack-client.js';
import { MongoAuditChain } from '../../src/audit/mongo-audit-chain.js';
import { directWrites } from '../../src/store/write-queue.js';

const jane = people(1).find((p) => p.agency === 'police')!;
let p: Platforms;
let proxy: MongoCutProxy;
let bot: BotProcess;
let client: MongoClient;
let dbName: string;
const agent = keepAliveAgent(4);
let slack: SlackClient;

beforeAll(async () => {
  ensureBuilt();
  p = await startPlatforms([jane]);
  proxy = await startMongoCutProxy(inject('mongoUri'));
  dbName = testDbName('cut');
  client = new MongoClient(inject('mongoUri'));
  bot = await startBotProcess('lost-after-write', {
    MONGODB_URI: proxy.uri, MONGODB_DB: dbName, SLACK_BOT_TOKEN: 'xoxb-cut', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: p.slackApiUrl,
  });
  slack = new SlackClient(agent, p.slack, SIGNING_SECRET);
}, 60_000);

afterAll(async () => {
  slack?.close();
  await bot?.stop();
  agent.destroy();
  proxy?.restore();
  await client?.db(dbName).dropDatabase().catch((err: unknown) => console.warn('could not drop the test database', err)); // a throw-away server anyway
  await client?.close();
  await proxy?.close();
  await p?.close();
});

const command = (text: string) => slack.send(bot.url, slack.request({ text, userId: jane.slack.id, channelId: 'C0CUT' }));

describe('the database goes away between an update and its projection', () => {
  it('tells the person it reached the database (it did) and not to send it again; once back, status shows it and the audit log has it', async () => {
    expect(classify((await command('whoami')).text)).toBe('answer');
    const cut = proxy.cutAfterInsertInto('status_updates');
    const answer = await command('update 7 at-risk flt-cut1 Database vanished after this was written');
    await cut; // the insert was acknowledged, then every connection dropped
    proxy.restore();

    const stored = (await storedUpdates(client.db(dbName))).filter((u) => u.note.startsWith('flt-cut1'));
    expect(stored, 'the record holds the update').toHaveLength(1);
    expect(answer.text, 'what the person was told').toContain('This reached the database, but the database stopped answering before its audit record was written');
    expect(answer.text).toContain('Do not send it again');
    expect(answer.text).not.toMatch(/nothing was saved|Saved: 7/);

    // Back: the projection is put right from the log, status shows the update, and the audit log gets its entry.
    expect((await checkProjection(client.db(dbName), 20_000)).behind).toEqual([]);
    expect((await command('status 7')).text).toContain('flt-cut1');
    const requestKey = stored[0]!.requestKey;
    const deadline = Date.now() + 20_000;
    let entries = 0;
    // Read through the chain: entries appended together are stored as one block document.
    const countEntries = async () => {
      let n = 0;
      for await (const e of new MongoAuditChain(client.db(dbName), { timeZone: 'Pacific/Auckland', writes: directWrites }).entries()) if (e.ref?.id === requestKey) n++;
      return n;
    };
    while (Date.now() < deadline && (entries = await countEntries()) === 0) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(entries, 'the audit entry was added once the database answered').toBe(1);
  });
});

// The real bot (startBot, real HTTP server, the suite's database) with only the
// Teams surface, and a recording connector standing in for Microsoft's.
import { startBot, type RunningBot } from '../../../src/app/start-bot.js';
import { teamsSurface, teamsSurfaceWith, type TeamsSurfaceOptions } from '../../../src/teams/teams-surface.js';
import { memoryLogger, testConfig, type MemoryLogger } from '../../support/test-env.js';
import { PEOPLE, cardOf, post, type SentCard } from './activities.js';
import { FakeConnector, isDeliveredMessage, type Recorded } from './fake-connector.js';

export interface TeamsBot {
  bot: RunningBot;
  connector: FakeConnector;
  logger: MemoryLogger;
  /** POSTs an activity to /api/messages; resolves when the bot has answered the HTTP request. */
  send(activity: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The cards of the activities the bot sent since `from` (an index into connector.requests). */
  cardsSince(from: number): SentCard[];
  /** Saved status updates for an item. */
  updates(itemId: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startTeamsBot(env: Record<string, string> = {}, options?: TeamsSurfaceOptions): Promise<TeamsBot> {
  const connector = await new FakeConnector().start();
  for (const person of Object.values(PEOPLE)) connector.addMember(person);
  const logger = memoryLogger();
  // Local mode unless the test brings credentials: it is an explicit opt-in now.
  // With credentials, the recording connector is an allowed service host (as Microsoft's would be).
  const config = testConfig({ ...(env.TEAMS_APP_ID ? { TEAMS_SERVICE_URLS: connector.url } : { TEAMS_LOCAL_MODE: 'true' }), ...env });
  const bot = await startBot({ config, logger, surfaces: [options ? teamsSurfaceWith(options) : teamsSurface] });
  const sentSince = (from: number): Recorded[] => connector.requests.slice(from).filter(isDeliveredMessage);
  return {
    bot,
    connector,
    logger,
    send: (activity, headers) => post(bot.url, activity, headers),
    cardsSince: (from) => sentSince(from).map((r) => cardOf(r.body)),
    updates: (itemId) => bot.database.db.collection('status_updates').find({ itemId }).toArray(),
    async stop() {
      await bot.stop();
      await connector.stop();
    },
  };
}

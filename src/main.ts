// Composition root: read the configuration, start the bot, stop cleanly on SIGTERM/SIGINT.
import { startBot } from './app/start-bot.js';
import type { SurfaceFactory } from './app/surface.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { slackSurface } from './slack/slack-surface.js';
import { createTeamsSurface } from './teams/teams-surface.js';

const SURFACES: SurfaceFactory[] = [slackSurface, createTeamsSurface];

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const bot = await startBot({ config, logger, surfaces: SURFACES });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    try {
      await bot.stop();
      process.exit(0);
    } catch (err) {
      logger.error('stop failed', { error: err });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`tsoc-bot could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

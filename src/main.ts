// Composition root: read the configuration, start the bot, stop cleanly on SIGTERM/SIGINT.
import { startBot } from './app/start-bot.js';
import type { SurfaceFactory } from './app/surface.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { slackSurface } from './slack/slack-surface.js';
import { teamsSurface } from './teams/teams-surface.js';

const SURFACES: SurfaceFactory[] = [slackSurface, teamsSurface];

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Signals are caught from the start: one that arrives while the bot is still starting
  // stops it as soon as it has started, rather than killing it half-way.
  let stopRequested: string | undefined;
  let stopNow: ((signal: string) => void) | undefined;
  const onSignal = (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    stopNow?.(signal);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const bot = await startBot({ config, logger, surfaces: SURFACES, scheduler: true });
  stopNow = (signal) => {
    logger.info('stopping', { signal });
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('stop failed', { error: err });
        process.exit(1);
      },
    );
  };
  if (stopRequested) stopNow(stopRequested);
}

main().catch((err: unknown) => {
  process.stderr.write(`tsoc-bot could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

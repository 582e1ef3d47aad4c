// Wires the bot from a validated configuration: database, plan, engine, the
// HTTP server and whichever surfaces are configured. main.ts and the tests
// both start the bot through here.
import { workingCalendar, type Config } from '../config.js';
import { createEngine, type Engine } from '../core/engine.js';
import { MongoAwayStore } from '../store/mongo-away-store.js';
import { completeChain } from '../audit/complete-chain.js';
import { openAudit } from '../audit/open-audit.js';
import { MongoMilestoneStore } from '../store/mongo-milestone-store.js';
import type { Logger } from '../core/logger.js';
import { readPlanFile, type Plan } from '../core/plan/load-plan.js';
import { boardLinks } from '../board/board-links.js';
import { boardRoutes } from '../board/routes.js';
import { SignInStore } from '../board/sign-in-store.js';
import { createHttpServer, listen } from '../server/http-server.js';
import { createDigestService } from '../scheduler/create-digest-service.js';
import type { DigestService } from '../scheduler/digest-service.js';
import { MongoPlanStore } from '../store/mongo-store.js';
import { openDatabase, type OpenDatabase } from './open-database.js';
import type { Surface, SurfaceFactory } from './surface.js';

export interface StartOptions {
  config: Config;
  logger: Logger;
  surfaces?: SurfaceFactory[];
  plan?: Plan;
  now?: () => Date;
  /** Run the digest scheduler (cron, catch-up, nudges). The digest commands work either way. */
  scheduler?: boolean;
}

export interface RunningBot {
  url: string;
  engine: Engine;
  database: OpenDatabase;
  surfaces: Surface[];
  digests: DigestService;
  stop(): Promise<void>;
}

export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const plan = options.plan ?? readPlanFile();
  const database = await openDatabase(config, plan, logger, { share: true, repair: true });
  const audit = openAudit(database.db, { timeZone: config.PLAN_TIMEZONE, writes: database.writes, ...(options.now ? { now: options.now } : {}) });
  const completed = await completeChain(database.db, audit.chain, { now: options.now?.() ?? new Date(), instance: audit.instance });
  if (completed.backfilled || completed.repaired) logger.info('audit log completed at start', { ...completed });
  const mongoStore = new MongoPlanStore(database.db, {
    writes: database.writes,
    onRepairError: (err) => logger.warn('current-status check failed; the next update or look-up of the item (or a restart) puts it right', { error: err }),
  });
  const store = audit.plan(mongoStore);
  const surfaces: Surface[] = [];
  const digests = createDigestService({
    db: database.db, writes: database.writes, plan, store, logger, config, audit,
    notifiers: () => surfaces.flatMap((s) => (s.notifier ? [s.notifier] : [])),
    ...(options.now ? { clock: { now: options.now } } : {}),
  });
  // The board's links name its public address; by default the port we listen on, known once listening.
  let boardUrl = config.BOARD_URL ?? `http://localhost:${config.PORT}`;
  const signIns = new SignInStore(database.db, database.writes);
  const engine = createEngine({
    plan, store, logger,
    extra: digests.commands,
    boardLinks: boardLinks(signIns, () => boardUrl),
    admins: config.TSOC_ADMINS,
    timeZone: config.PLAN_TIMEZONE,
    staleAfterDays: config.STALE_AFTER_DAYS,
    agencyNames: config.AGENCY_NAMES,
    calendar: workingCalendar(config),
    away: audit.away(new MongoAwayStore(database.db, database.writes)),
    milestones: audit.milestones(new MongoMilestoneStore(database.db, database.writes)),
    ...(options.now ? { now: options.now } : {}),
  });
  try {
    for (const factory of options.surfaces ?? []) {
      const surface = await factory({ config, engine, plan, store, db: database.db, logger });
      if (surface) surfaces.push(surface);
    }
    const board = boardRoutes({
      plan, store, signIns, logger, baseUrl: () => boardUrl, classification: config.CLASSIFICATION,
      timeZone: config.PLAN_TIMEZONE, staleAfterDays: config.STALE_AFTER_DAYS, now: options.now ?? (() => new Date()),
    });
    const server = createHttpServer({ routes: [...surfaces.flatMap((s) => s.routes), ...board], ready: () => database.ping(), logger });
    const running = await listen(server, config.PORT, config.HOST);
    if (!config.BOARD_URL) boardUrl = `http://localhost:${new URL(running.url).port}`;
    for (const s of surfaces) await s.start?.();
    if (options.scheduler) await digests.start();
    logger.info('listening', { url: running.url, surfaces: surfaces.map((s) => s.name), scheduler: Boolean(options.scheduler) });
    return {
      url: running.url,
      engine,
      database,
      surfaces,
      digests,
      async stop() {
        await digests.stop();
        for (const s of surfaces) await s.stop?.();
        await running.close();
        await mongoStore.settled();
        await database.shutdown();
      },
    };
  } catch (err) {
    for (const s of surfaces) await s.stop?.().catch(() => undefined); // already failing: report the first error
    await database.shutdown();
    throw err;
  }
}

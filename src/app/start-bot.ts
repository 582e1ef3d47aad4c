// Wires the bot from a validated configuration: database, plan, engine, the
// HTTP server and whichever surfaces are configured. main.ts and the tests
// both start the bot through here.
import { completeChain } from '../audit/complete-chain.js';
import { oidcSignIn } from '../board/oidc-routes.js';
import { boardRoutes } from '../board/routes.js';
import type { Config } from '../config.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import { readPlanFile } from '../core/plan/load-plan.js';
import type { Plan } from '../core/plan/plan.js';
import { createBotMetrics, type BotMetrics } from '../metrics/bot-metrics.js';
import { startMetricsServer, type RunningMetricsServer } from '../metrics/metrics-server.js';
import { observedEngine, observedNotifier, observedRoute } from '../metrics/observe.js';
import { createDigestService } from '../scheduler/create-digest-service.js';
import type { DigestService } from '../scheduler/digest-service.js';
import { createHttpServer, listen } from '../server/http-server.js';
import { countedWrites } from '../store/write-queue.js';
import { composeEngine, composeStores, composeSurfacePorts } from './compose.js';
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
  /** Metrics to report to (its registry is what METRICS_PORT serves); made when METRICS_PORT is set and none is given. */
  metrics?: BotMetrics;
}

export interface RunningBot {
  url: string;
  engine: Engine;
  database: OpenDatabase;
  surfaces: Surface[];
  digests: DigestService;
  /** GET this for Prometheus metrics, when METRICS_PORT is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const plan = options.plan ?? readPlanFile();
  const database = await openDatabase(config, plan, logger, { share: true, repair: true });
  const metrics = options.metrics ?? (config.METRICS_PORT !== undefined ? createBotMetrics() : undefined);
  const queue = countedWrites(database.writes);
  // Every change goes into the audit log before anyone hears it was saved (docs/records.md).
  const stores = composeStores(config, database, {
    writes: queue.writes,
    ...(options.now ? { now: options.now } : {}),
    planStore: {
      onRepairError: (err) => logger.warn('current-status check failed; the next update or look-up of the item (or a restart) puts it right', { error: err }),
      onSlowRead: (what) => {
        logger.info('a slow read was tried again (the database answers, it is busy)', { operation: what });
        metrics?.slowRead(what);
      },
      ...(metrics ? { onWriteBatch: (collection: string, size: number) => metrics.writeBatch(collection, size), onOperation: metrics.dbOperation } : {}),
    },
  });
  const { mongoStore, store, audit, signIns } = stores;
  // Before anything is served: changes saved without their audit entry (or from before the log) join the chain.
  const completed = await completeChain(database.db, audit.chain, { now: options.now?.() ?? new Date(), instance: audit.instance });
  if (completed.backfilled || completed.repaired) logger.info('audit log completed at start', { ...completed });
  metrics?.watchQueues({ writeQueue: queue.depth, waitingInserts: () => mongoStore.waitingWrites() });
  const surfaces: Surface[] = [];
  const digests = createDigestService({
    db: database.db, writes: queue.writes, plan, store, logger, config, audit,
    notifiers: () => surfaces.flatMap((s) => (s.notifier ? [metrics ? observedNotifier(s.notifier, metrics) : s.notifier] : [])),
    ...(options.now ? { clock: { now: options.now } } : {}),
  });
  // The board's links name its public address; by default the port we listen on, known once listening.
  let boardUrl = config.BOARD_URL ?? `http://localhost:${config.PORT}`;
  const coreEngine = composeEngine(config, database, stores, {
    plan, logger, digestCommands: digests.commands, boardUrl: () => boardUrl,
    ...(options.now ? { now: options.now } : {}),
  });
  const engine = metrics ? observedEngine(coreEngine, metrics) : coreEngine;
  let metricsServer: RunningMetricsServer | undefined;
  try {
    for (const factory of options.surfaces ?? []) {
      const surface = await factory({ config, engine, plan, store, ...composeSurfacePorts(database.db, queue.writes, logger), logger });
      if (surface) surfaces.push(surface);
    }
    const oidc = oidcSignIn(config);
    const board = boardRoutes({
      plan, store, signIns, logger, baseUrl: () => boardUrl, classification: config.CLASSIFICATION,
      timeZone: config.PLAN_TIMEZONE, staleAfterDays: config.STALE_AFTER_DAYS, now: options.now ?? (() => new Date()),
      ...(oidc ? { oidc } : {}),
    });
    const routes = [...surfaces.flatMap((s) => s.routes), ...board];
    const server = createHttpServer({ routes: metrics ? routes.map((r) => observedRoute(r, metrics)) : routes, ready: () => database.ping(), logger });
    const running = await listen(server, config.PORT, config.HOST);
    if (!config.BOARD_URL) boardUrl = `http://localhost:${new URL(running.url).port}`;
    for (const s of surfaces) await s.start?.();
    if (metrics && config.METRICS_PORT !== undefined) metricsServer = await startMetricsServer(metrics.registry, config.METRICS_PORT, config.METRICS_HOST);
    if (options.scheduler) await digests.start();
    logger.info('listening', {
      url: running.url, surfaces: surfaces.map((s) => s.name), scheduler: Boolean(options.scheduler), ...(metricsServer ? { metrics: metricsServer.url } : {}),
      boardSignIn: oidc ? `chat links, and OpenID Connect (${config.oidc?.kind} rules) at ${config.oidc?.issuer}` : 'chat links',
    });
    return {
      url: running.url,
      ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
      engine,
      database,
      surfaces,
      digests,
      async stop() {
        await digests.stop();
        for (const s of surfaces) await s.stop?.();
        await running.close();
        await metricsServer?.close();
        await mongoStore.settled();
        await database.shutdown();
      },
    };
  } catch (err) {
    for (const s of surfaces) await s.stop?.().catch(() => undefined); // already failing: report the first error
    await metricsServer?.close();
    await database.shutdown();
    throw err;
  }
}

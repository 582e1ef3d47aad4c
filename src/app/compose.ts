// The one place the core is wired to the database: the stores under their audit
// wrappers, and the engine with its digest commands and board links. The bot
// (start-bot.ts) and the CLI (cli/main.ts) both build through here, so a store
// or an engine setting added once reaches both.
import type { AuditLog } from '../audit/open-audit.js';
import { openAudit } from '../audit/open-audit.js';
import { boardLinks } from '../board/board-links.js';
import { SignInStore } from '../board/sign-in-store.js';
import { workingCalendar, type Config } from '../config.js';
import type { ExtraCommands } from '../core/digest/digest-commands.js';
import { createEngine, type Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { Plan } from '../core/plan/plan.js';
import type { PlanStore } from '../core/store-port.js';
import { mergeTeamsSubscriptions } from '../digest-store/merge-subscriptions.js';
import { planStartResolver } from '../digest-store/plan-start.js';
import { createDigestCommandsFor, planStartDate } from '../scheduler/create-digest-service.js';
import type { Database } from '../store/connect.js';
import { MongoAwayStore } from '../store/mongo-away-store.js';
import { MongoConversationStore } from '../store/mongo-conversation-store.js';
import { MongoEventClaims } from '../store/mongo-event-claims.js';
import { MongoMilestoneStore } from '../store/mongo-milestone-store.js';
import { MongoPlanStore, type MongoPlanStoreOptions } from '../store/mongo-store.js';
import type { WriteQueue } from '../store/write-queue.js';
import type { SurfaceDeps } from './surface.js';

export interface StoreOptions {
  /** The writes to go through: the database's own queue by default; the bot counts its queue for metrics. */
  writes?: WriteQueue;
  /** The plan store's settings beyond its writes: repair timing, metrics and log hooks. */
  planStore?: Omit<MongoPlanStoreOptions, 'writes'>;
  /** Names this process in the audit log (default: host and pid). */
  auditInstance?: string;
  now?: () => Date;
}

export interface CoreStores {
  /** The plan store itself, for settled() and waitingWrites(); everything else uses `store`. */
  mongoStore: MongoPlanStore;
  /** The plan store under the audit log: every change is logged before anyone hears it was saved. */
  store: PlanStore;
  audit: AuditLog;
  signIns: SignInStore;
  /** The writes every store here goes through. */
  writes: WriteQueue;
}

export function composeStores(config: Config, database: Pick<Database, 'db' | 'writes'> & Partial<Pick<Database, 'reachable'>>, options: StoreOptions = {}): CoreStores {
  const writes = options.writes ?? database.writes;
  const audit = openAudit(database.db, {
    timeZone: config.PLAN_TIMEZONE, writes,
    ...(options.auditInstance ? { instance: options.auditInstance } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const mongoStore = new MongoPlanStore(database.db, { ...options.planStore, writes, ...(database.reachable ? { reachable: database.reachable } : {}) });
  return { mongoStore, store: audit.plan(mongoStore), audit, signIns: new SignInStore(database.db, writes), writes };
}

/** What the surfaces keep of their own, as ports over the database: no surface sees a driver. */
export function composeSurfacePorts(db: Database['db'], writes: WriteQueue, logger: Logger): Pick<SurfaceDeps, 'slack' | 'teams'> {
  return {
    slack: { eventClaims: new MongoEventClaims(db, writes, logger) },
    teams: {
      conversations: new MongoConversationStore(db, writes),
      mergeSubscriptions: (key, now, log) => mergeTeamsSubscriptions(db, key, now, log, writes),
    },
  };
}

export interface EngineOptions {
  plan: Plan;
  logger: Logger;
  /** The board's public address, for the sign-in links `board` sends. */
  boardUrl: () => string;
  /**
   * The digest service's commands where this process delivers digests (the bot). Absent (the CLI):
   * the commands alone, against the same database; delivery is the running bot's job.
   */
  digestCommands?: ExtraCommands;
  now?: () => Date;
}

export function composeEngine(config: Config, database: Pick<Database, 'db'>, stores: CoreStores, options: EngineOptions): Engine {
  const { db } = database;
  const { writes, audit } = stores;
  return createEngine({
    plan: options.plan, store: stores.store, logger: options.logger,
    extra: options.digestCommands ?? createDigestCommandsFor({ db, writes, config, audit }),
    boardLinks: boardLinks(stores.signIns, options.boardUrl),
    admins: config.TSOC_ADMINS,
    timeZone: config.PLAN_TIMEZONE,
    staleAfterDays: config.STALE_AFTER_DAYS,
    agencyNames: config.AGENCY_NAMES,
    calendar: workingCalendar(config),
    away: audit.away(new MongoAwayStore(db, writes)),
    milestones: audit.milestones(new MongoMilestoneStore(db, writes)),
    planStart: planStartResolver(db, planStartDate(config), options.now ?? (() => new Date()), writes),
    ...(options.now ? { now: options.now } : {}),
  });
}

// The composition the bot uses: the digest service on the bot's MongoDB
// database and configuration. (The service itself depends on ports only.)
import type { Db } from 'mongodb';
import type { Config } from '../config.js';
import { createDigestCommands, type ExtraCommands } from '../core/digest/digest-commands.js';
import type { ChatPlatform } from '../core/identity.js';
import type { Logger } from '../core/logger.js';
import type { Notifier } from '../core/notifier.js';
import type { Plan } from '../core/plan/plan.js';
import { zonedTime } from '../core/time.js';
import type { PlanStore } from '../core/store-port.js';
import { prepareDigestStore } from '../digest-store/digest-collections.js';
import { MongoDeliveryStore } from '../digest-store/mongo-delivery-store.js';
import { MongoInstanceRegistry } from '../digest-store/mongo-instance-registry.js';
import { MongoNudgeStore } from '../digest-store/mongo-nudge-store.js';
import { MongoAwayStore } from '../store/mongo-away-store.js';
import { MongoMilestoneStore } from '../store/mongo-milestone-store.js';
import { MongoSubscriptionStore } from '../digest-store/mongo-subscription-store.js';
import { planStartResolver } from '../digest-store/plan-start.js';
import type { Clock } from './clock.js';
import { createSchedule } from './cron-slots.js';
import { nzWorkingDays } from './working-days.js';
import { workingCalendar } from '../config.js';
import { createService, type DigestService } from './digest-service.js';
import type { Tuning } from './tuning.js';
import type { AuditLog } from '../audit/open-audit.js';
import type { WriteQueue } from '../store/write-queue.js';

export interface DigestServiceOptions {
  db: Db;
  /** The database's write queue (Database.writes): one write at a time on FerretDB. Required: a default would write around it. */
  writes: WriteQueue;
  plan: Plan;
  store: PlanStore;
  /** The surfaces' notifiers; a function when they are known only after the service is made. */
  notifiers: readonly Notifier[] | (() => readonly Notifier[]);
  config: Pick<Config, 'DIGEST_SCHEDULE' | 'PLAN_TIMEZONE' | 'STALE_AFTER_DAYS' | 'TSOC_ADMINS'> &
    Partial<Pick<Config, 'DIGEST_ON_HOLIDAYS' | 'HOLIDAY_REGION' | 'PLAN_START' | 'CLASSIFICATION'>>;
  logger: Logger;
  clock?: Clock;
  tuning?: Partial<Tuning>;
  instanceId?: string;
  /** The audit log: subscription changes go into it. */
  audit?: Pick<AuditLog, 'digests' | 'chain'>;
}

/** PLAN_START (a date) as the start of that day in the plan's time zone. */
export function planStartDate(config: Pick<Config, 'PLAN_TIMEZONE'> & Partial<Pick<Config, 'PLAN_START'>>): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(config.PLAN_START ?? '');
  return m ? zonedTime(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0, config.PLAN_TIMEZONE) : undefined;
}

export function createDigestService(options: DigestServiceOptions): DigestService {
  const { db, config } = options;
  const { writes } = options;
  const now = () => (options.clock ?? { now: () => new Date() }).now();
  const planStart = planStartResolver(db, planStartDate(config), now, writes);
  const chain = options.audit?.chain;
  return createService({
    plan: options.plan,
    store: options.store,
    digests: options.audit ? options.audit.digests(new MongoSubscriptionStore(db, writes)) : new MongoSubscriptionStore(db, writes),
    deliveries: new MongoDeliveryStore(db, writes),
    instances: new MongoInstanceRegistry(db, writes),
    nudges: new MongoNudgeStore(db, writes),
    away: new MongoAwayStore(db, writes),
    ...(config.CLASSIFICATION ? { classification: config.CLASSIFICATION } : {}),
    ...(chain ? { auditHead: () => chain.currentHead() } : {}),
    milestones: new MongoMilestoneStore(db, writes),
    notifiers: options.notifiers,
    expression: config.DIGEST_SCHEDULE,
    timeZone: config.PLAN_TIMEZONE,
    workingDays: workingDaysOf(config),
    staleAfterDays: config.STALE_AFTER_DAYS,
    admins: config.TSOC_ADMINS,
    logger: options.logger,
    planStart,
    // The plan start is stored at the first start, so "the first start against this database" is that.
    prepare: async (at) => {
      await prepareDigestStore(db, writes, at);
      await planStart();
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
  });
}

/**
 * The digest commands alone, for a process that runs no scheduler (the CLI): `digest status`,
 * `subscriptions`, `digest preview` against the same database. `platforms`: where digests are
 * delivered from (by the running bot); default both.
 */
export function createDigestCommandsFor(options: {
  db: Db;
  writes: WriteQueue;
  config: Pick<Config, 'DIGEST_SCHEDULE' | 'PLAN_TIMEZONE'> & Partial<Pick<Config, 'DIGEST_ON_HOLIDAYS' | 'HOLIDAY_REGION' | 'PLAN_START'>>;
  platforms?: ChatPlatform[];
  audit?: Pick<AuditLog, 'digests'>;
}): ExtraCommands {
  const platforms = options.platforms ?? ['slack', 'teams'];
  const digests = new MongoSubscriptionStore(options.db, options.writes);
  return createDigestCommands({
    planStart: planStartResolver(options.db, planStartDate(options.config), () => new Date(), options.writes),
    digests: options.audit ? options.audit.digests(digests) : digests,
    schedule: createSchedule(options.config.DIGEST_SCHEDULE, options.config.PLAN_TIMEZONE, workingDaysOf(options.config)),
    deliverable: () => platforms,
  });
}

/** The working-day rule of the configuration (slots move to the next working day unless told otherwise). */
function workingDaysOf(config: Partial<Pick<Config, 'DIGEST_ON_HOLIDAYS' | 'HOLIDAY_REGION'>>) {
  return nzWorkingDays(workingCalendar(config));
}

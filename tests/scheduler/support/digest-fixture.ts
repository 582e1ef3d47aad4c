// A database of a test file's own on the suite's FerretDB, the real plan and
// store, and digest services over them — as many as a test wants, each with
// its own clock and notifiers, like separate bot instances.
import { MongoClient, type Db } from 'mongodb';
import { inject } from 'vitest';
import { ALL_AGENCIES, subscriptionId, type Subscription } from '../../../src/core/digest/digest-port.js';
import type { ChatPlatform } from '../../../src/core/identity.js';
import type { HolidayPolicy, NzRegion } from '../../../src/core/calendar/nz-holidays.js';
import type { Notifier } from '../../../src/core/notifier.js';
import { readPlanFile } from '../../../src/core/plan/load-plan.js';
import type { Plan } from '../../../src/core/plan/plan.js';
import type { Status } from '../../../src/core/status.js';
import { zonedTime } from '../../../src/core/time.js';
import { MongoDeliveryStore } from '../../../src/digest-store/mongo-delivery-store.js';
import { MongoSubscriptionStore } from '../../../src/digest-store/mongo-subscription-store.js';
import { createDigestService } from '../../../src/scheduler/create-digest-service.js';
import type { DigestService } from '../../../src/scheduler/digest-service.js';
import type { Tuning } from '../../../src/scheduler/tuning.js';
import { ensureIndexes } from '../../../src/store/collections.js';
import { MongoPlanStore } from '../../../src/store/mongo-store.js';
import { directWrites, serialWriteQueue } from '../../../src/store/write-queue.js';
import { memoryLogger, testDbName, type MemoryLogger } from '../../support/test-env.js';

export interface TestClock {
  now: Date;
}

/** Short waits for tests (the pacer's spacing has its own test). */
export const FAST: Partial<Tuning> = {
  slackIntervalMs: 100,
  teamsIntervalMs: 20,
  backoffMs: () => 20,
  postTimeoutMs: 1500,
  heartbeatMs: 60_000,
  sweepMs: 60_000,
  stopGraceMs: 200,
};

export interface DigestFixture {
  client: MongoClient;
  db: Db;
  plan: Plan;
  store: MongoPlanStore;
  subscriptions: MongoSubscriptionStore;
  deliveries: MongoDeliveryStore;
  logger: MemoryLogger;
  services: DigestService[];
  /** `planStart`: PLAN_START (default 2026-01-01, long before the tests' slots: no quiet period); null for none (the first start). */
  service(options: {
    clock: TestClock; notifiers: Notifier[]; schedule?: string; tuning?: Partial<Tuning>; admins?: string[]; planStart?: string | null;
    /** DIGEST_ON_HOLIDAYS (default next-working-day, as the bot runs) and HOLIDAY_REGION. */
    onHolidays?: HolidayPolicy; region?: NzRegion;
  }): DigestService;
  subscribe(platform: ChatPlatform, channelId: string, agency: string, since: Date): Promise<Subscription>;
  /** Resolves once at least `n` digest outcomes are recorded (posts are seen before their outcome is written). */
  outcomes(n: number): Promise<void>;
  /** Records a status update as someone of `agency` at `at`. */
  update(itemId: string, status: Status, note: string, at: Date, who?: { name: string; agency: string }): Promise<void>;
  /** An update on every item of the plan (a whole-plan digest then lists all 26: several pages). */
  updateEvery(at: Date): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

export async function digestFixture(prefix = 'digest', uri = inject('mongoUri')): Promise<DigestFixture> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
  const db = client.db(testDbName(prefix));
  await ensureIndexes(db);
  const plan = readPlanFile();
  // As the bot runs it: writes one at a time on FerretDB (src/store/write-queue.ts).
  const writes = inject('dbEngine') === 'ferretdb' ? serialWriteQueue() : directWrites;
  const store = new MongoPlanStore(db, { writes });
  const subscriptions = new MongoSubscriptionStore(db, writes);
  const logger = memoryLogger();
  const services: DigestService[] = [];
  const fixture: DigestFixture = {
    client, db, plan, store, subscriptions, logger, services,
    deliveries: new MongoDeliveryStore(db, writes),
    service({ clock, notifiers, schedule = '0 9 * * 1', tuning, admins = ['steward@tsoc.example.nz'], planStart = '2026-01-01', onHolidays, region }) {
      const service = createDigestService({
        db, writes, plan, store, notifiers, logger,
        config: {
          DIGEST_SCHEDULE: schedule, PLAN_TIMEZONE: 'Pacific/Auckland', STALE_AFTER_DAYS: 14, TSOC_ADMINS: admins,
          ...(planStart ? { PLAN_START: planStart } : {}),
          ...(onHolidays ? { DIGEST_ON_HOLIDAYS: onHolidays } : {}), ...(region ? { HOLIDAY_REGION: region } : {}),
        },
        clock: { now: () => clock.now },
        tuning: { ...FAST, ...tuning },
      });
      services.push(service);
      return service;
    },
    async subscribe(platform, channelId, agency, since) {
      const sub: Subscription = {
        id: subscriptionId(platform, channelId), platform, channelId, agency, since,
        by: { platform, userId: 'U_SETUP', displayName: 'Setup', agencies: agency === ALL_AGENCIES ? ['tsoc'] : [agency] },
      };
      await subscriptions.subscribe(sub);
      return sub;
    },
    async outcomes(n) {
      for (let i = 0; i < 250; i++) {
        if ((await db.collection('digest_outcomes').countDocuments()) >= n) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`fewer than ${n} digest outcomes recorded`);
    },
    async update(itemId, status, note, at, who = { name: 'Jane Smith', agency: 'police' }) {
      const action = Number.parseInt(itemId, 10);
      await store.recordUpdate({
        itemId, action, status, note, at,
        by: { platform: 'slack', userId: `U_${who.name}`, displayName: who.name, agencies: [who.agency] },
        source: { platform: 'slack' }, requestKey: `seed-${++seq}-${itemId}-${at.getTime()}`,
      });
    },
    async updateEvery(at) {
      for (const item of plan.items()) await fixture.update(item.id, 'on-track', `Progress on ${item.id} as planned`, at, { name: 'Setup', agency: item.coordinators[0]! });
    },
    async close() {
      await Promise.all(services.map((s) => s.stop()));
      await client.close();
    },
  };
  return fixture;
}

/** Local wall time in Pacific/Auckland, e.g. nz('2026-03-30 09:00'). */
export function nz(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  const n = (i: number) => Number(m[i] ?? 0);
  return zonedTime(n(1), n(2), n(3), n(4), n(5), n(6), 0, 'Pacific/Auckland');
}

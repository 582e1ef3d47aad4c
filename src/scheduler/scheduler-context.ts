// Everything a slot run, a recovery sweep or a nudge run works with, built
// once by the digest service.
import type { AwayStore } from '../core/away-port.js';
import type { MilestoneStore } from '../core/milestones/milestone-port.js';
import type { DigestStore } from '../core/digest/digest-port.js';
import type { ChatPlatform } from '../core/identity.js';
import type { Logger } from '../core/logger.js';
import type { Notifier } from '../core/notifier.js';
import type { Plan } from '../core/plan/plan.js';
import type { PlanStore } from '../core/store-port.js';
import type { ChannelPacer } from './channel-pacer.js';
import type { Clock } from './clock.js';
import type { Schedule } from './cron-slots.js';
import type { DeliveryStore, InstanceRegistry, NudgeStore } from '../core/digest/delivery-port.js';
import type { Tuning } from './tuning.js';

export interface SchedulerContext {
  plan: Plan;
  store: PlanStore;
  digests: DigestStore;
  deliveries: DeliveryStore;
  instances: InstanceRegistry;
  nudges: NudgeStore;
  /** Who is away (no nudges for them; digests name them). Absent: nobody is. */
  away?: AwayStore;
  /** CLASSIFICATION, marked on every digest. */
  classification?: string;
  /** The audit chain's head, witnessed in the stewards' digest. */
  auditHead?: () => Promise<{ seq: number; hash: string }>;
  /** Milestones, for the digest's overdue section. Absent: none are kept. */
  milestones?: MilestoneStore;
  notifier(platform: ChatPlatform): Notifier | undefined;
  pacer: ChannelPacer;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  tuning: Tuning;
  schedule: Schedule;
  staleAfterDays: number;
  /** When the plan went live: items with no update are neither stale nor nudged for a first stale period. */
  planStart(): Promise<Date>;
  admins: readonly string[];
  /** Delivery keys this instance is working on (queued or posting). */
  inFlight: Set<string>;
  stopping(): boolean;
}

export interface SlotReport {
  slot: Date;
  late: boolean;
  /** Subscriptions this instance claimed for the slot. */
  claimed: number;
  /** Subscriptions another instance (or an earlier run) had claimed already. */
  alreadyClaimed: number;
  /** Claims of a dead instance this one took over. */
  recovered: number;
  sent: number;
  failed: number;
  unknown: number;
  /** People sent a nudge. */
  nudged: number;
  /** Deliveries this instance started that ended without an outcome (stopped, database away): swept later. */
  unfinished: number;
}

export function emptyReport(slot: Date, late: boolean): SlotReport {
  return { slot, late, claimed: 0, alreadyClaimed: 0, recovered: 0, sent: 0, failed: 0, unknown: 0, nudged: 0, unfinished: 0 };
}

export { deliveryKey } from '../core/digest/delivery-port.js';

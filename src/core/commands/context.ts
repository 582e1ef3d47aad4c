// What every command handler receives.
import type { AwayStore } from '../away-port.js';
import type { MilestoneStore } from '../milestones/milestone-port.js';
import type { WorkingCalendar } from '../calendar/nz-holidays.js';
import type { Actor, Platform } from '../identity.js';
import type { Plan } from '../plan/plan.js';
import type { Reply } from '../reply.js';
import type { PlanStore } from '../store-port.js';

export interface RequestInfo {
  /** Stable per user request: a retry or replay carries the same key (see PlanStore.recordUpdate). */
  key: string;
  platform: Platform;
  channelId?: string;
}

export interface CommandContext {
  plan: Plan;
  store: PlanStore;
  /** Resolved on first use, so look-ups that need no database still answer when it is down. */
  actor(): Promise<Actor>;
  now: Date;
  timeZone: string;
  staleAfterDays: number;
  /** The working-day calendar (public holidays, HOLIDAY_REGION, DIGEST_ON_HOLIDAYS); none: New Zealand's, slots moved. */
  calendar?: WorkingCalendar;
  /** Time away (absent where the server does not record it). */
  away?: AwayStore;
  /** When the plan went live (PLAN_START, else the first start): never-updated items are not stale before STALE_AFTER_DAYS after it. */
  planStart?: () => Promise<Date>;
  /** Milestones (absent where the server does not keep them). */
  milestones?: MilestoneStore;
  request: RequestInfo;
  /** Turns a platform mention ("<@U123>", "@jane") into an email, where the surface can. */
  lookupEmail?: (mention: string) => Promise<string | undefined>;
}

export type Handler<C> = (command: C, ctx: CommandContext) => Promise<Reply>;

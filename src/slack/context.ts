// What every Slack listener works with, built once by the surface.
import type { webApi } from '@slack/bolt';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { Plan } from '../core/plan/plan.js';
import type { PlanStore } from '../core/store-port.js';
import type { EventClaimPort } from './event-claim-port.js';
import type { UserDirectory } from './user-directory.js';

export interface SlackContext {
  engine: Engine;
  plan: Plan;
  store: PlanStore;
  logger: Logger;
  timeZone: string;
  users: UserDirectory;
  /** Web API calls a person is waiting on (users.info, views.*, replies): rate limits are rejected, not queued. */
  api: webApi.WebClient;
  /** Channel announcements: no retries, so a 429 costs only the announcement (which falls back to response_url). */
  announcer: webApi.WebClient;
  claims: EventClaimPort;
  botUserId: string;
  /** How long a listener computes before it acknowledges and answers later (Slack allows 3 s). */
  ackBudgetMs: number;
}

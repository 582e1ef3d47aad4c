// A chat surface (Slack, Teams) as the composition root sees it: routes to
// mount on the bot's HTTP server, and optional start/stop for long-lived
// connections (Socket Mode).
import type { Config } from '../config.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { Notifier } from '../core/notifier.js';
import type { Plan } from '../core/plan/plan.js';
import type { PlanStore } from '../core/store-port.js';
import type { Route } from '../server/http-server.js';
import type { EventClaimPort } from '../slack/event-claim-port.js';
import type { TeamsStorePorts } from '../teams/conversation-port.js';

export interface SurfaceDeps {
  config: Config;
  engine: Engine;
  plan: Plan;
  store: PlanStore;
  /**
   * What each surface keeps of its own (event claims, conversation references), behind ports
   * the composition root builds from the database and its write queue: a surface sees no driver.
   */
  slack: { eventClaims: EventClaimPort };
  teams: TeamsStorePorts;
  logger: Logger;
}

export interface Surface {
  name: string;
  routes: Route[];
  /** How the scheduler reaches this platform (digests, nudges). */
  notifier?: Notifier;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export type SurfaceFactory = (deps: SurfaceDeps) => Surface | undefined | Promise<Surface | undefined>;

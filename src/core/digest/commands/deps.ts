// What the digest and subscription commands are given by the composition root.
import type { ChatPlatform } from '../../identity.js';
import type { DigestStore, ScheduleView } from '../digest-port.js';

export interface DigestCommandDeps {
  digests: DigestStore;
  schedule: ScheduleView;
  /** The platforms this server can post digests to (those with a notifier). */
  deliverable(): ChatPlatform[];
  /** When the plan went live (PLAN_START, else the first start against the database). */
  planStart(): Promise<Date>;
}

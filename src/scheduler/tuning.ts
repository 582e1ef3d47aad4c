// The scheduler's knobs, with production defaults; tests shorten the waits.
export interface Tuning {
  /** Deliveries in flight at once per instance, across all channels. */
  concurrency: number;
  /** Spacing between messages to one Slack channel (Slack: about 1 per second). */
  slackIntervalMs: number;
  /** Spacing between messages to one Teams conversation (Teams: 7 per second). */
  teamsIntervalMs: number;
  /** Failed posts (not rate limits) before a digest is recorded as failed. */
  maxErrors: number;
  /** Rate-limited tries before a digest is recorded as failed. */
  maxRateLimited: number;
  /** Wait before retry n (1, 2, …) after an error. */
  backoffMs(n: number): number;
  /** A post that has not answered by then is treated as possibly posted (like a crash mid-post). */
  postTimeoutMs: number;
  /** A digest claimed more than this after its slot is marked late (it went out by catch-up). */
  lateAfterMs: number;
  heartbeatMs: number;
  /** An instance whose heartbeat is older than this is taken for dead: its open claims are recovered. */
  staleInstanceMs: number;
  /** How often an instance looks for claims stranded by a dead one. */
  sweepMs: number;
  /** How long stop() waits for posts under way; one still out after that is left for recovery. */
  stopGraceMs: number;
}

export const DEFAULT_TUNING: Tuning = {
  concurrency: 8,
  slackIntervalMs: 1100,
  teamsIntervalMs: 150,
  maxErrors: 5,
  maxRateLimited: 10,
  backoffMs: (n) => Math.min(60_000, 2_000 * 2 ** (n - 1)),
  postTimeoutMs: 30_000,
  lateAfterMs: 10 * 60_000,
  heartbeatMs: 15_000,
  staleInstanceMs: 60_000,
  sweepMs: 60_000,
  stopGraceMs: 10_000,
};

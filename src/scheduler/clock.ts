// The time the scheduler reads: injectable, so tests decide what "now" is
// (which slot is due, whether a digest is late, whose heartbeat is stale).
// Waiting (pacing, backoff) uses real timers; only "now" is injected.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

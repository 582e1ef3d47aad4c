// Slack retries an event it thinks went unanswered (X-Slack-Retry-Num) and a
// captured request can be replayed inside the signature window. Each event id
// is claimed once; whoever finds it already claimed knows the event is being
// handled. The surface sees only this port; the composition root builds it
// (store/mongo-event-claims.ts: a claim is an insert against the unique _id,
// docs/decisions/0003).

export type ClaimResult = 'claimed' | 'duplicate' | 'unknown';

export interface EventClaimPort {
  /** 'unknown' when the database cannot say: the caller goes ahead (an update has its own request key). */
  claim(key: string, at?: Date): Promise<ClaimResult>;
  /** Forgets claims older than `olderThan`; a failure is logged, never thrown. */
  prune(olderThan: Date): Promise<void>;
}

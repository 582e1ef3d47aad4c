// What the scheduler needs from storage. Every exclusive step is an insert
// against a unique key (docs/decisions/0003): the claim of a (subscription, slot), each
// posting attempt, the outcome, a person's nudge run and each nudged item.
// Whoever gets "already exists" knows someone else has it. The port sits in the core
// so that src/digest-store implements it without importing src/scheduler, which uses it.
import type { ChatPlatform } from '../identity.js';

/** Names one (subscription, slot): the claim's _id, and the key a platform attaches to the post. */
export const deliveryKey = (subscriptionId: string, slot: Date) => `${subscriptionId}@${slot.toISOString()}`;

export interface ClaimRecord {
  /** `${subscriptionId}@${slot ISO}`: also the delivery key the platform attaches to the post. */
  key: string;
  subscriptionId: string;
  platform: ChatPlatform;
  channelId: string;
  agency: string;
  slot: Date;
  /** The instance that claimed it. */
  owner: string;
  claimedAt: Date;
  late: boolean;
}

/** How an attempt ended: its page was posted, or it was not (rate limited, failed), or no one knows (timed out). */
export type AttemptResult = 'posted' | 'rate-limited' | 'error' | 'timeout';

export interface AttemptRecord {
  key: string;
  slot: Date;
  /** 1, 2, …: attempt n is inserted before the n-th call to the platform; a takeover uses the next number. */
  n: number;
  /** The page (0-based) this attempt posts: each page is its own message and its own call. */
  page: number;
  owner: string;
  startedAt: Date;
  /** Absent while in flight (or if the poster died mid-call). */
  result?: AttemptResult;
  /** The page's message, when posted. */
  messageId?: string;
  postedAt?: Date;
  error?: string;
  endedAt?: Date;
}

export interface OutcomeRecord {
  key: string;
  subscriptionId: string;
  slot: Date;
  state: 'sent' | 'failed' | 'unknown';
  at: Date;
  late: boolean;
  attempts: number;
  messageId?: string;
  error?: string;
  recovered?: boolean;
  /** The time the digest's content was as of: the next digest lists changes after it. */
  contentAsOf?: Date;
}

export type AttemptEnd = Pick<AttemptRecord, 'result' | 'messageId' | 'postedAt' | 'error'> & { result: AttemptResult; endedAt: Date };

/** The key a page carries on the platform: the delivery key for the first, then `/2`, `/3`, … */
export const pageKey = (key: string, page: number) => (page === 0 ? key : `${key}/${page + 1}`);

/** What the next digest of a subscription lists changes after. */
export interface LastSent {
  slot: Date;
  contentAsOf: Date;
}

/**
 * Every read is by key (the delivery key or subscription id), never a scan: FerretDB 1.x serves
 * only `_id` equality from an index, so per-slot reads stay fast however much history builds up.
 */
export interface DeliveryStore {
  /** true when this caller won the claim. */
  claim(claim: ClaimRecord): Promise<boolean>;
  /** Claims several at once (each one on its own): the keys this caller won. */
  claimAll(claims: readonly ClaimRecord[]): Promise<Set<string>>;
  /** true when this caller holds attempt `n`. */
  startAttempt(attempt: AttemptRecord): Promise<boolean>;
  endAttempt(key: string, n: number, end: AttemptEnd): Promise<void>;
  /** true when this outcome was recorded; false when one was recorded already (the first stands). */
  recordOutcome(outcome: OutcomeRecord): Promise<boolean>;
  /** Of these delivery keys, the claims without an outcome, each with its attempts (oldest first). */
  unfinished(keys: readonly string[]): Promise<{ claim: ClaimRecord; attempts: AttemptRecord[] }[]>;
  /** The first of these slots (newest first) whose digest was sent to the subscription. */
  lastSent(subscriptionId: string, slots: readonly Date[]): Promise<LastSent | undefined>;
}

/**
 * Instances say they are alive, and which slots they are working on; a claim whose holder went
 * quiet can be taken over, and a quiet instance's busy slots tell the others where to look.
 */
export interface InstanceRegistry {
  heartbeat(instanceId: string, at: Date, busy: readonly Date[]): Promise<void>;
  /** Marks a stop, so others need not wait for the heartbeat to go stale; `busy` is work left open. */
  stopped(instanceId: string, at: Date, busy: readonly Date[]): Promise<void>;
  /** Instances seen at or after `since` and not stopped. */
  alive(since: Date): Promise<Set<string>>;
  /** Instances gone quiet (or stopped) with work left open, and the slots of that work. */
  abandoned(since: Date): Promise<{ instanceId: string; busy: Date[] }[]>;
  /** Someone has recovered a quiet instance's open work. */
  release(instanceId: string): Promise<void>;
}

export interface NudgeStore {
  /** One instance handles one person per slot. */
  claimRun(key: string, at: Date): Promise<boolean>;
  /** A person hears about an item once per stale period. */
  claimItem(key: string, at: Date): Promise<boolean>;
}

// The storage interface the core depends on. One MongoDB implementation lives
// in src/store; the core never imports it.
import type { Platform } from './identity.js';
import type { FocusArea, PriorityArea } from './plan/plan-schema.js';
import type { SignOff, Status } from './status.js';

/** Who did something, as recorded with it. */
export interface RecordedActor {
  platform: Platform;
  userId: string;
  displayName: string;
  email?: string;
  agencies: string[];
}

export interface NewStatusUpdate {
  itemId: string;
  action: number;
  status: Status;
  note: string;
  by: RecordedActor;
  at: Date;
  /** Where it came from (platform, channel); for the record and for announcements. */
  source: { platform: Platform; channelId?: string };
  /** A stable key for this request: a retry or replay with the same key is applied once. */
  requestKey: string;
  /** Completion by a coordinator awaits a steward's sign-off; a steward's sign-off or rejection is marked too. */
  signOff?: SignOff;
}

export interface StatusUpdate extends NewStatusUpdate {
  id: string;
}

export interface MembershipChange {
  email: string;
  agency: string;
  effect: 'grant' | 'revoke';
  by: RecordedActor;
  at: Date;
}

export interface TagChange {
  action: number;
  priorityAreas: PriorityArea[];
  focusAreas: FocusArea[];
  by: RecordedActor;
  at: Date;
}

/** Someone the bot has seen on a platform: nudges go to them by direct message. */
export interface KnownPerson {
  platform: Platform;
  userId: string;
  displayName: string;
  email: string;
  lastSeen: Date;
}

export interface RecordedUpdate {
  update: StatusUpdate;
  duplicate: boolean;
  previous?: StatusUpdate | null;
}

export interface RecordUpdateOptions {
  /**
   * Told, before the returned promise resolves, what it will resolve with — as soon as the update
   * is in the log and the one before it is known, while the store still writes what it derives
   * from the log (the audit log starts its entry then, not one step later). Not told for a
   * duplicate, nor when the store cannot tell early; the result is the same either way.
   */
  onLogged?: (recorded: RecordedUpdate) => void;
}

export interface PlanStore {
  /**
   * Appends an update; a request key seen before returns the saved update with duplicate=true.
   * `previous`, when the store could tell without another read: the item's update just before
   * this one (null: this is its first).
   */
  recordUpdate(update: NewStatusUpdate, options?: RecordUpdateOptions): Promise<RecordedUpdate>;
  /** The latest update of each item that has any (as of a time, when given; only `itemIds`, when given). */
  currentStatuses(asOf?: Date, itemIds?: readonly string[]): Promise<Map<string, StatusUpdate>>;
  /** An item's updates, newest first, optionally only those at or before `asOf`. */
  history(itemId: string, options?: { asOf?: Date; limit?: number }): Promise<StatusUpdate[]>;
  /** Each item's updates at or before `asOf`, newest first, at most `perItem` each — in one read (digests). */
  recentHistories(asOf: Date, perItem: number): Promise<Map<string, StatusUpdate[]>>;
  /** Every update, oldest first (exports). */
  allUpdates(): AsyncIterable<StatusUpdate>;
  /** Membership changes for one email, oldest first. */
  membershipChanges(email: string): Promise<MembershipChange[]>;
  recordMembership(change: MembershipChange): Promise<void>;
  /** The latest tags of each action that has been tagged. */
  currentTags(): Promise<Map<number, TagChange>>;
  recordTags(change: TagChange): Promise<void>;
  /** Remembers (or refreshes) a person seen on a platform. */
  rememberPerson(person: KnownPerson): Promise<void>;
  /** Everyone seen, optionally only on one platform. */
  knownPeople(platform?: Platform): Promise<KnownPerson[]>;
}

/** Thrown by a store when the database cannot be reached or did not acknowledge a write. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Thrown when a write reached the database but no answer came back, and none could be had
 * before the store gave up asking: it may or may not have been saved. Users must hear exactly
 * that — neither "saved" nor "nothing was saved".
 */
export class StoreUnconfirmedError extends StoreUnavailableError {
  override name = 'StoreUnconfirmedError';
}

/**
 * Thrown when a change's record was saved but its audit entry could not be written (the database
 * stopped answering in between). It is not confirmed until the entry is in the audit log, which
 * the bot completes by itself once the database answers again.
 */
export class AuditPendingError extends StoreUnconfirmedError {
  override name = 'AuditPendingError';
}

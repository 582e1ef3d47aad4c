// What the digest commands need from storage and from the schedule. The
// MongoDB implementation lives in src/digest-store; the schedule in
// src/scheduler. The core imports neither.
import type { ChatPlatform } from '../identity.js';
import type { RecordedActor } from '../store-port.js';

/** `all` is the stewards' whole-plan view; otherwise an agency id. */
export const ALL_AGENCIES = 'all';

export interface Subscription {
  /** `${platform}:${channelId}`: one subscription per channel or conversation. */
  id: string;
  platform: ChatPlatform;
  /** Slack channel id, or Teams conversation id (the Teams surface keeps its conversation reference). */
  channelId: string;
  agency: string;
  by: RecordedActor;
  /** When this channel subscribed (to this agency): earlier slots are not owed to it. */
  since: Date;
  /**
   * Set when this subscription merged older ones for the same channel (Teams subscriptions once
   * keyed by thread): slots up to this time were theirs to deliver, so are not owed again.
   */
  owedFrom?: Date;
}

/** The time from which slots are owed to a subscription. */
export function owedFrom(sub: Pick<Subscription, 'since' | 'owedFrom'>): Date {
  return sub.owedFrom && sub.owedFrom.getTime() > sub.since.getTime() ? sub.owedFrom : sub.since;
}

export function subscriptionId(platform: ChatPlatform, channelId: string): string {
  return `${platform}:${channelId}`;
}

/**
 * Where one subscription's digest for one slot stands.
 * - pending: claimed, being delivered (or waiting out a rate limit);
 * - sent: posted (late when it went out by catch-up after a missed slot);
 * - failed: every try failed; the error says why;
 * - unknown: the instance posting it stopped mid-post and the platform cannot say whether
 *   the post arrived, so it was not sent again: someone should look at the channel.
 */
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'unknown';

export interface DeliveryRecord {
  subscriptionId: string;
  slot: Date;
  state: DeliveryState;
  late: boolean;
  claimedAt: Date;
  /** Posting attempts so far (rate-limited tries included). */
  attempts: number;
  messageId?: string;
  /** When the outcome was recorded. */
  at?: Date;
  error?: string;
  /** Found already posted after a crash (Slack message metadata) rather than posted again. */
  recovered?: boolean;
}

export interface DigestStore {
  /** Saves the channel's subscription, replacing any earlier one; returns the one replaced. */
  subscribe(subscription: Subscription): Promise<Subscription | undefined>;
  /** Removes the channel's subscription; returns it, or undefined when there was none. */
  unsubscribe(id: string): Promise<Subscription | undefined>;
  subscription(id: string): Promise<Subscription | undefined>;
  subscriptions(): Promise<Subscription[]>;
  /** Each subscription's delivery for `slot`, by subscription id (absent: not claimed yet). */
  deliveries(slot: Date): Promise<Map<string, DeliveryRecord>>;
}

/** The digest schedule as the commands describe it. */
export interface ScheduleView {
  expression: string;
  timeZone: string;
  next(after: Date): Date;
  latest(at: Date): Date | undefined;
}

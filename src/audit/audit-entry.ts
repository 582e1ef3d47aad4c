// One entry of the audit log: what happened, to which record, by whom, where
// and when — the minimum metadata Archives New Zealand sets for records of
// business done in messaging — chained to the entry before it by hash.
import type { Platform } from '../core/identity.js';
import { canonicalJson, sha256Hex } from './canonical.js';

export type AuditActivity =
  | 'status-update'
  | 'sign-off'
  | 'reject-completion'
  | 'grant'
  | 'revoke'
  | 'tag'
  | 'subscribe'
  | 'unsubscribe'
  | 'milestone-add'
  | 'milestone-done'
  | 'milestone-move'
  | 'milestone-remove'
  | 'away'
  | 'back';

/** The stored record an entry is the trail of, where one exists (checked by `audit verify`). */
export interface AuditRef {
  collection: string;
  id: string;
  /** SHA-256 of the record's canonical form as stored: an edit of the record shows. */
  hash: string;
}

export interface AuditRecordInput {
  activity: AuditActivity;
  /** When it happened (the record's own time). */
  at: Date;
  who: { name: string; email?: string; agencies: string[]; platform: Platform; userId: string };
  /** The record it concerns: an action or part, an agency, a channel, a person. */
  subject: { itemId?: string; agency?: string; channel?: string; person?: string; milestone?: number };
  /** Where: the surface, its channel, and the bot instance that wrote it. */
  where: { surface: Platform; channelId?: string; instance: string };
  change: { before?: string; after?: string; reason?: string };
  ref?: AuditRef;
}

export interface AuditEntry extends AuditRecordInput {
  /** A unique identifier (UUID). */
  id: string;
  seq: number;
  /** The local date and time in the plan's time zone, for people reading an export. */
  atLocal: string;
  /** When the entry was written (UTC). */
  recordedAt: Date;
  prevHash: string;
  hash: string;
}

/** The hash that seals an entry: over its canonical form (without `hash`), which includes the previous hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalJson(entry));
}

/** The previous hash of the first entry. */
export const GENESIS = '0'.repeat(64);

/** A record's own hash, for AuditRef (its _id left out: the ref names it). */
export function recordHash(record: Record<string, unknown>): string {
  const { _id, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

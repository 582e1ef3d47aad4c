// How an audit entry names the stored record it is the trail of, and the hash
// that shows whether that record was changed since. Only the fields that make
// the record are hashed, so a store adding bookkeeping fields does not look
// like tampering.
import type { MilestoneEvent } from '../core/milestones/milestone-port.js';
import type { NewStatusUpdate } from '../core/store-port.js';
import type { AuditRef } from './audit-entry.js';
import { canonicalJson, sha256Hex } from './canonical.js';

export const STATUS_UPDATES = 'status_updates';
export const MILESTONE_EVENTS = 'milestone_events';

export function statusUpdateRef(u: NewStatusUpdate): AuditRef {
  const fields = { itemId: u.itemId, status: u.status, note: u.note, at: u.at, by: u.by.email ?? u.by.userId, signOff: u.signOff, requestKey: u.requestKey };
  return { collection: STATUS_UPDATES, id: u.requestKey, hash: sha256Hex(canonicalJson(fields)) };
}

export function milestoneEventRef(e: MilestoneEvent): AuditRef {
  const fields = { itemId: e.itemId, kind: e.kind, number: e.number, title: e.title, due: e.due, note: e.note, at: e.at, by: e.by.email ?? e.by.userId, requestKey: e.requestKey };
  return { collection: MILESTONE_EVENTS, id: e.requestKey, hash: sha256Hex(canonicalJson(fields)) };
}

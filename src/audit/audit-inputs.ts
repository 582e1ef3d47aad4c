// Audit entries for each kind of change, from the records the stores keep.
import type { TimeAwayChange } from '../core/away-port.js';
import type { Subscription } from '../core/digest/digest-port.js';
import type { MilestoneEvent } from '../core/milestones/milestone-port.js';
import { STATUS_LABELS, statusLabel } from '../core/status.js';
import type { MembershipChange, NewStatusUpdate, RecordedActor, StatusUpdate, TagChange } from '../core/store-port.js';
import type { AuditActivity, AuditRecordInput } from './audit-entry.js';
import { milestoneEventRef, statusUpdateRef } from './record-refs.js';

const who = (by: RecordedActor): AuditRecordInput['who'] => ({
  name: by.displayName, agencies: by.agencies, platform: by.platform, userId: by.userId, ...(by.email ? { email: by.email } : {}),
});

export function statusUpdateEntry(u: NewStatusUpdate, before: StatusUpdate | undefined, instance: string): AuditRecordInput {
  const activity: AuditActivity = u.signOff === 'signed-off' ? 'sign-off' : u.signOff === 'rejected' ? 'reject-completion' : 'status-update';
  return {
    activity, at: u.at, who: who(u.by), subject: { itemId: u.itemId },
    where: { surface: u.source.platform, ...(u.source.channelId ? { channelId: u.source.channelId } : {}), instance },
    change: { before: before ? statusLabel(before) : STATUS_LABELS['not-started'], after: statusLabel(u), ...(u.note ? { reason: u.note } : {}) },
    ref: statusUpdateRef(u),
  };
}

export function membershipEntry(m: MembershipChange, instance: string): AuditRecordInput {
  return {
    activity: m.effect, at: m.at, who: who(m.by), subject: { person: m.email, agency: m.agency },
    where: { surface: m.by.platform, instance }, change: { after: `${m.effect === 'grant' ? 'member of' : 'not a member of'} ${m.agency}` },
  };
}

export function tagEntry(t: TagChange, instance: string): AuditRecordInput {
  return {
    activity: 'tag', at: t.at, who: who(t.by), subject: { itemId: String(t.action) }, where: { surface: t.by.platform, instance },
    change: { after: `priority: ${t.priorityAreas.join(', ') || '—'}; focus: ${t.focusAreas.join(', ') || '—'}` },
  };
}

export function milestoneEntry(e: MilestoneEvent, instance: string): AuditRecordInput {
  const after = e.kind === 'add' ? `${e.title} due ${e.due}` : e.kind === 'move' ? `due ${e.due}` : e.kind;
  return {
    activity: `milestone-${e.kind}`, at: e.at, who: who(e.by), subject: { itemId: e.itemId, milestone: e.number },
    where: { surface: e.by.platform, instance }, change: { after, ...(e.note ? { reason: e.note } : {}) }, ref: milestoneEventRef(e),
  };
}

export function awayEntry(a: TimeAwayChange, instance: string): AuditRecordInput {
  return {
    activity: a.effect, at: a.at, who: who(a.by), subject: { person: a.email }, where: { surface: a.by.platform, instance },
    change: { after: a.effect === 'away' ? `away until ${a.until?.toISOString().slice(0, 10)}` : 'back', ...(a.note ? { reason: a.note } : {}) },
  };
}

export function subscriptionEntry(kind: 'subscribe' | 'unsubscribe', sub: Subscription, at: Date, replaced: Subscription | undefined, instance: string): AuditRecordInput {
  return {
    activity: kind, at, who: who(sub.by), subject: { agency: sub.agency, channel: sub.channelId },
    where: { surface: sub.platform, channelId: sub.channelId, instance },
    change: kind === 'subscribe'
      ? { ...(replaced ? { before: `digest for ${replaced.agency}` } : {}), after: `digest for ${sub.agency}` }
      : { before: `digest for ${sub.agency}`, after: 'no digest' },
  };
}

// Statuses, their aliases and the roll-up rule (docs/decisions/0008-statuses-and-roll-up.md).
export const STATUSES = ['not-started', 'on-track', 'at-risk', 'off-track', 'complete'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  complete: 'Complete',
};

/** Statuses that need a reason in the rest of the text. */
export const NEEDS_REASON: ReadonlySet<Status> = new Set<Status>(['at-risk', 'off-track']);

const ALIASES: Record<string, Status> = {
  'not-started': 'not-started', 'not started': 'not-started', notstarted: 'not-started', 'not yet started': 'not-started',
  'on-track': 'on-track', 'on track': 'on-track', ontrack: 'on-track', green: 'on-track',
  'at-risk': 'at-risk', 'at risk': 'at-risk', atrisk: 'at-risk', amber: 'at-risk',
  'off-track': 'off-track', 'off track': 'off-track', offtrack: 'off-track', red: 'off-track', delayed: 'off-track', behind: 'off-track',
  complete: 'complete', completed: 'complete', done: 'complete',
};

/** Longest alias first, so "on track" wins over a one-word reading. */
const ALIAS_KEYS = Object.keys(ALIASES).sort((a, b) => b.length - a.length);

/** Reads a status from the start of `text`; returns it and the rest (the reason). */
export function readStatus(text: string): { status: Status; rest: string } | undefined {
  const lower = text.toLowerCase();
  for (const key of ALIAS_KEYS) {
    if (lower.startsWith(key) && (lower.length === key.length || /[\s:,.;—–]/.test(lower[key.length] ?? ''))) {
      return { status: ALIASES[key]!, rest: text.slice(key.length).replace(/^[\s:,.;—–-]+/, '').trim() };
    }
  }
  return undefined;
}

export function statusFromWord(word: string): Status | undefined {
  return ALIASES[word.toLowerCase().trim()];
}

export const STATUS_HELP = STATUSES.join(', ');

/** Off-track if any part is; else at-risk if any is; else complete if all are;
 *  else not-started if none has started; else on-track. */
export function rollUp(parts: readonly Status[]): Status {
  if (parts.includes('off-track')) return 'off-track';
  if (parts.includes('at-risk')) return 'at-risk';
  if (parts.length > 0 && parts.every((s) => s === 'complete')) return 'complete';
  if (parts.every((s) => s === 'not-started')) return 'not-started';
  return 'on-track';
}

/**
 * Where a completion stands: `pending` — a coordinator said complete, a steward has not yet signed
 * it off; `signed-off` — a steward confirmed it; `rejected` — a steward sent it back.
 */
export type SignOff = 'pending' | 'signed-off' | 'rejected';

interface StatusRecord {
  status: Status;
  signOff?: SignOff;
}

export function awaitingSignOff(update: StatusRecord | undefined): boolean {
  return update?.status === 'complete' && update.signOff === 'pending';
}

/** The status roll-ups and counts use: complete awaiting sign-off counts as on track (not yet complete). */
export function effectiveStatus(update: StatusRecord | undefined): Status {
  if (!update) return 'not-started';
  return awaitingSignOff(update) ? 'on-track' : update.status;
}

/** What people read: "Complete (awaiting sign-off)" until a steward signs it off. */
export function statusLabel(update: StatusRecord | undefined): string {
  if (awaitingSignOff(update)) return 'Complete (awaiting sign-off)';
  return STATUS_LABELS[update?.status ?? 'not-started'];
}

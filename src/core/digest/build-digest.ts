// The digest's words: an agency's (or the whole plan's) actions and parts,
// the net change of each since the previous digest, what has gone stale, and
// the plan-wide picture with every at-risk or off-track item and its
// coordinators. A plan that has just gone live is quiet: items with no update
// yet are listed compactly as awaiting one, not called stale. One builder for
// Slack and Teams; pure: the same input gives the same pages.
import type { NetChange } from '../changes/net-changes.js';
import { agencyLabel, coordinatorShortNames, itemSummary, updatedBy } from '../describe.js';
import type { Reply, ReplyAction, ReplySection } from '../reply.js';
import { formatIsoDay } from '../forward-date.js';
import { isOverdue, todayIso } from '../milestones/milestone-model.js';
import { shorten } from '../shorten.js';
import { STATUSES, STATUS_LABELS, awaitingSignOff, statusLabel } from '../status.js';
import type { StatusUpdate } from '../store-port.js';
import { formatDate, formatDateTime } from '../time.js';
import { digestModel, type DigestInput, type DigestModel } from './digest-model.js';
import { paginate } from './paginate.js';

/** Notes are the updaters' own words; a digest shows the start of a long one. */
const NOTE_MAX = 200;
/** Item titles in the list: enough to recognise the item. */
const TITLE_MAX = 70;

function note(update: Pick<StatusUpdate, 'note'>): string {
  return update.note ? ` — ${shorten(update.note, NOTE_MAX)}` : '';
}

export function digestTitle(model: Pick<DigestModel, 'agency'>, input: Pick<DigestInput, 'slot' | 'asOf' | 'late' | 'timeZone'>): string {
  const who = model.agency ? agencyLabel(model.agency) : 'the whole plan';
  const day = formatDate(input.slot ?? input.asOf, input.timeZone);
  return `TSOC Action Plan digest for ${who} — ${day}${input.late ? ' (late)' : ''}`;
}

function itemsSection(model: DigestModel, input: DigestInput): ReplySection {
  const heading = model.agency ? `Coordinated by ${model.agency.shortName} (${model.items.length})` : `Every action and part (${model.items.length})`;
  const lines = model.items
    .filter(({ update }) => update)
    .map(({ item, update }) => `${itemSummary(item, TITLE_MAX)} · ${statusLabel(update)}${note(update!)} (${updatedBy(update!, input.plan, input.timeZone)})`);
  // Items with no update yet, one compact line: awaiting a first update while the plan is new.
  if (model.awaiting.length) lines.push(`Awaiting a first update (${model.awaiting.length}): ${model.awaiting.map((s) => s.item.id).join(', ')}`);
  const never = model.items.filter((s) => !s.update && !model.awaiting.includes(s));
  if (never.length) lines.push(`No update yet (${never.length}): ${never.map((s) => s.item.id).join(', ')}`);
  return { heading, lines };
}

const updates = (n: number) => `${n} ${n === 1 ? 'update' : 'updates'}`;

/** "5: On track → Off track (2 updates) — Vendor withdrew (Jane Smith (Police), …)": the net change, not every step. */
export function netChangeLine(change: NetChange, input: Pick<DigestInput, 'plan' | 'timeZone'>): string {
  const move = change.unchanged
    ? `${STATUS_LABELS[change.to]}, unchanged`
    : `${STATUS_LABELS[change.from]} → ${STATUS_LABELS[change.to]}`;
  return `${change.item.id}: ${move} (${updates(change.count)})${note(change.latest)} (${updatedBy(change.latest, input.plan, input.timeZone)})`;
}

function changesSection(model: DigestModel, input: DigestInput): ReplySection {
  if (!input.since) return { heading: 'Changes', lines: ['This is the first digest for this channel: changes will show from the next one.'] };
  const since = formatDateTime(input.since, input.timeZone);
  if (model.changes.length === 0) return { heading: `Changes since ${since}`, lines: ['No updates since then.'] };
  return { heading: `Changes since ${since} (${model.changes.length})`, lines: model.changes.map((c) => netChangeLine(c, input)) };
}

function staleSection(model: DigestModel, input: DigestInput): ReplySection {
  const heading = `No update for ${input.staleAfterDays} days or more (${model.stale.length})`;
  const lines = model.stale.map(({ item, update, days }) =>
    update
      ? `${item.id}: last updated ${days} days ago (${STATUS_LABELS[update.status]}, ${formatDate(update.at, input.timeZone)}) — coordinated by ${coordinatorShortNames(input.plan, item.coordinators)}`
      : `${item.id}: no update yet — coordinated by ${coordinatorShortNames(input.plan, item.coordinators)}`,
  );
  if (lines.length === 0) lines.push('Nothing is stale.');
  if (model.awaiting.length && model.quietUntil) {
    lines.push(`Items awaiting a first update count as stale from ${formatDate(model.quietUntil, input.timeZone)}, ${input.staleAfterDays} days after the plan went live.`);
  }
  lines.push(...awayLines(model, input));
  return { heading, lines };
}

/** Who is away among the agencies coordinating the stale items: why an update may be slow to come. */
function awayLines(model: DigestModel, input: DigestInput): string[] {
  const agencies = new Set(model.stale.flatMap(({ item }) => item.coordinators));
  const away = (input.away ?? []).filter((p) => p.agencies.some((a) => agencies.has(a)));
  return away.map((p) => `Away: ${p.displayName} (${coordinatorShortNames(input.plan, p.agencies)}) until ${formatDate(p.until, input.timeZone)}${note(p)}`);
}

/** The agency's (or the plan's) overdue milestones, oldest first; absent when none are kept. */
function overdueSection(model: DigestModel, input: DigestInput): ReplySection[] {
  if (!input.milestones) return [];
  const today = todayIso(input.asOf, input.timeZone);
  const overdue = model.items
    .flatMap(({ item }) => (input.milestones!.get(item.id) ?? []).filter((m) => isOverdue(m, today)).map((m) => ({ item, m })))
    .sort((a, b) => a.m.due.localeCompare(b.m.due));
  const heading = `Overdue milestones (${overdue.length})`;
  if (overdue.length === 0) return [{ heading, lines: ['No milestone is overdue.'] }];
  return [{
    heading,
    lines: overdue.map(({ item, m }) => `${item.id} #${m.number}: ${m.title} — due ${formatIsoDay(m.due)} — coordinated by ${coordinatorShortNames(input.plan, item.coordinators)}`),
  }];
}

/** Stewards' digest: completions waiting for them. */
function signOffSection(model: DigestModel, input: DigestInput): ReplySection[] {
  if (model.agency) return [];
  const waiting = model.items.filter(({ update }) => awaitingSignOff(update));
  if (waiting.length === 0) return [];
  return [{
    heading: `Awaiting your sign-off (${waiting.length})`,
    lines: [
      ...waiting.map(({ item, update }) => `${item.id}: ${update!.note} (${updatedBy(update!, input.plan, input.timeZone)})`),
      'Sign off with `sign off <item> [note]` (or the button), or send back with `reject <item> <reason>`.',
    ],
  }];
}

/**
 * Stewards' digest: the audit chain's head, so a copy of it exists outside the database every
 * week — what shows a chain rebuilt by someone with write access to the database.
 */
function witnessSection(model: DigestModel, input: DigestInput): ReplySection[] {
  if (model.agency || !input.auditHead) return [];
  const { seq, hash } = input.auditHead;
  return [{ heading: 'Audit record', lines: [`Audit chain head: entry ${seq}, ${hash.slice(0, 12)}. Keep this digest: \`tsoc audit verify\` must show the same head or a later one.`] }];
}

function planSections(model: DigestModel, input: DigestInput): ReplySection[] {
  const total = input.plan.items().length;
  const counts: ReplySection = {
    heading: `Across the plan (${total} actions and parts)`,
    lines: [],
    fields: STATUSES.map((s) => ({ label: STATUS_LABELS[s], value: String(model.counts[s]) })),
  };
  const order = (s: StatusUpdate['status']) => (s === 'off-track' ? 0 : 1);
  const troubled = [...model.troubled].sort((a, b) => order(a.update!.status) - order(b.update!.status));
  const list: ReplySection = {
    heading: `At risk or off track across the plan (${troubled.length})`,
    lines: troubled.length
      ? troubled.map(({ item, update }) =>
          `${item.id}: ${STATUS_LABELS[update!.status]}${note(update!)} — coordinated by ${coordinatorShortNames(input.plan, item.coordinators)} (${updatedBy(update!, input.plan, input.timeZone)})`,
        )
      : ['Nothing is at risk or off track.'],
  };
  return [counts, list];
}

function lateSection(input: DigestInput): ReplySection[] {
  if (!input.late || !input.slot) return [];
  return [{ lines: [`This digest was due ${formatDateTime(input.slot, input.timeZone)}; it comes late because it could not be sent then (the bot or its database was not running).`] }];
}

/**
 * One "Update status" action whose form lists every item the agency coordinates, whatever their
 * number: one button fits every platform's limit on actions per message. The form opens on the
 * first stale item, else the first item. Stewards' whole-plan view has none.
 */
function updateAction(model: DigestModel): ReplyAction[] {
  if (!model.agency || model.items.length === 0) return [];
  const first = model.stale[0] ?? model.items[0]!;
  return [{
    kind: 'update-status', itemId: first.item.id, label: 'Update status', choices: model.items.map((s) => s.item.id),
    current: first.update?.status ?? 'not-started',
  }];
}

/** Completions a steward can act on from the stewards' digest (a few; the section lists them all). */
const SIGN_OFF_BUTTONS = 3;

/**
 * Stewards' digest: Sign off / Reject buttons for the completions awaiting them. Each sends the
 * command as the person who presses it, so only a steward's press does anything.
 */
function signOffActions(model: DigestModel): ReplyAction[] {
  if (model.agency) return [];
  return model.items
    .filter(({ update }) => awaitingSignOff(update))
    .slice(0, SIGN_OFF_BUTTONS)
    .flatMap(({ item }) => [
      { kind: 'send-command' as const, itemId: item.id, label: `Sign off ${item.id}`, command: `sign off ${item.id}` },
      { kind: 'send-command' as const, itemId: item.id, label: `Reject ${item.id}`, command: `reject ${item.id}` },
    ]);
}

/** A digest as Reply pages of at most `maxLines` lines each. */
export function buildDigest(input: DigestInput, maxLines?: number): Reply[] {
  const model = digestModel(input);
  const sections = [
    ...(input.classification ? [{ lines: [input.classification] }] : []),
    ...lateSection(input),
    itemsSection(model, input),
    changesSection(model, input),
    staleSection(model, input),
    ...overdueSection(model, input),
    ...signOffSection(model, input),
    ...planSections(model, input),
    ...witnessSection(model, input),
    ...(input.classification ? [{ lines: [input.classification] }] : []),
  ];
  return paginate(digestTitle(model, input), sections, [...updateAction(model), ...signOffActions(model)], maxLines);
}

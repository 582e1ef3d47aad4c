// The digest's words: an agency's (or the whole plan's) actions and parts,
// what changed since the previous digest, what has gone stale, and the plan-
// wide picture with every at-risk or off-track item and its coordinators.
// Pure: the same input gives the same pages.
import { agencyLabel, coordinatorShortNames, itemSummary, updatedBy } from '../describe.js';
import type { Reply, ReplyAction, ReplySection } from '../reply.js';
import { formatIsoDay } from '../forward-date.js';
import { isOverdue, todayIso } from '../milestones/milestone-model.js';
import { STATUSES, STATUS_LABELS, awaitingSignOff, statusLabel } from '../status.js';
import type { StatusUpdate } from '../store-port.js';
import { formatDate, formatDateTime } from '../time.js';
import { digestModel, type DigestInput, type DigestModel } from './digest-model.js';
import { paginate } from './paginate.js';

/** Notes are the updaters' own words; a digest shows the start of a long one. */
const NOTE_MAX = 200;
/** Update buttons offered for stale items (the rest are listed). */
const MAX_BUTTONS = 5;

function note(update: Pick<StatusUpdate, 'note'>): string {
  if (!update.note) return '';
  const text = update.note.length > NOTE_MAX ? `${update.note.slice(0, NOTE_MAX - 1).trimEnd()}…` : update.note;
  return ` — ${text}`;
}

export function digestTitle(model: Pick<DigestModel, 'agency'>, input: Pick<DigestInput, 'slot' | 'asOf' | 'late' | 'timeZone'>): string {
  const who = model.agency ? agencyLabel(model.agency) : 'the whole plan';
  const day = formatDate(input.slot ?? input.asOf, input.timeZone);
  return `TSOC Action Plan digest for ${who} — ${day}${input.late ? ' (late)' : ''}`;
}

function itemsSection(model: DigestModel, input: DigestInput): ReplySection {
  const heading = model.agency ? `Coordinated by ${model.agency.shortName} (${model.items.length})` : `Every action and part (${model.items.length})`;
  const lines = model.items.map(({ item, update }) =>
    update
      ? `${itemSummary(item, 70)} · ${statusLabel(update)}${note(update)} (${updatedBy(update, input.plan, input.timeZone)})`
      : `${itemSummary(item, 70)} · ${STATUS_LABELS['not-started']} (no updates yet)`,
  );
  return { heading, lines };
}

function changesSection(model: DigestModel, input: DigestInput): ReplySection {
  if (!input.since) return { heading: 'Changes', lines: ['This is the first digest for this channel: changes will show from the next one.'] };
  const since = formatDateTime(input.since, input.timeZone);
  if (model.changes.length === 0) return { heading: `Changes since ${since}`, lines: ['No updates since then.'] };
  return {
    heading: `Changes since ${since} (${model.changes.length})`,
    lines: model.changes.map(({ item, update, previous }) => {
      const move = previous === update.status ? STATUS_LABELS[update.status] : `${STATUS_LABELS[previous]} → ${STATUS_LABELS[update.status]}`;
      return `${item.id}: ${move}${note(update)} (${updatedBy(update, input.plan, input.timeZone)})`;
    }),
  };
}

function staleSection(model: DigestModel, input: DigestInput): ReplySection {
  const heading = `No update for ${input.staleAfterDays} days or more (${model.stale.length})`;
  if (model.stale.length === 0) return { heading, lines: ['Nothing is stale.'] };
  return {
    heading,
    lines: [
      ...model.stale.map(({ item, update, days }) =>
        update
          ? `${item.id}: last updated ${days} days ago (${STATUS_LABELS[update.status]}, ${formatDate(update.at, input.timeZone)}) — coordinated by ${coordinatorShortNames(input.plan, item.coordinators)}`
          : `${item.id}: no update yet — coordinated by ${coordinatorShortNames(input.plan, item.coordinators)}`,
      ),
      ...awayLines(model, input),
    ],
  };
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
      'Sign off with `sign off <item> [note]`, or send back with `reject <item> <reason>`.',
    ],
  }];
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

/** A digest as Reply pages of at most `maxLines` lines each. */
export function buildDigest(input: DigestInput, maxLines?: number): Reply[] {
  const model = digestModel(input);
  const sections = [
    ...lateSection(input),
    itemsSection(model, input),
    changesSection(model, input),
    staleSection(model, input),
    ...overdueSection(model, input),
    ...signOffSection(model, input),
    ...planSections(model, input),
  ];
  // Buttons only for an agency's own stale items: the people in its channel can update them.
  const actions: ReplyAction[] = model.agency
    ? model.stale.slice(0, MAX_BUTTONS).map(({ item }) => ({ kind: 'update-status', itemId: item.id, label: `Update ${item.id}` }))
    : [];
  return paginate(digestTitle(model, input), sections, actions, maxLines);
}

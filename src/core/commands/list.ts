// `list`, `list police`, `what does MBIE coordinate`, `list first priority`, `list at-risk`, `list stale`.
import { agencyLabel, agencyNamingOf, itemSummary, labelOf, statusOf } from '../describe.js';
import type { PlanItem } from '../plan/plan.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { listJoin, resolveAgency } from '../resolve-agency.js';
import { STATUS_LABELS, awaitingSignOff, readStatus } from '../status.js';
import { overdueFlags, type OverdueFlags } from '../milestones/overdue-flags.js';
import type { StatusUpdate } from '../store-port.js';
import { isStale } from '../digest/digest-model.js';
import type { CommandContext } from './context.js';
import { normaliseForSearch, search } from './search.js';

type Filter = {
  title: string;
  keep: (item: PlanItem, statuses: Map<string, StatusUpdate>, flags: OverdueFlags, planStart?: Date) => boolean;
  needsStatus?: boolean;
};

function readFilter(text: string, ctx: CommandContext): Filter | Reply {
  const t = text.toLowerCase().replace(/\b(actions?|items?|the|everything|all|anything)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (t === '') return { title: 'All actions', keep: () => true };
  const tier = /^(first|1st|second|2nd)(?: priority)?$|^priority (one|1|two|2)$/.exec(t);
  if (tier) {
    const first = ['first', '1st', 'one', '1'].includes(tier[1] ?? tier[2] ?? '');
    return { title: first ? 'First priority actions' : 'Second priority actions', keep: (i) => i.action.tier === (first ? 'first' : 'second') };
  }
  if (t === 'overdue') return { title: 'With an overdue milestone', keep: (i, _s, flags) => flags.of(i.id).length > 0 };
  if (/^(?:awaiting|pending|needs?) sign[\s-]?off$/.test(t)) return { title: 'Complete, awaiting sign-off', keep: (i, s) => awaitingSignOff(s.get(i.id)) };
  if (/^(?:stale|not updated|out of date)$/.test(t)) {
    return {
      title: `Stale: no update for ${ctx.staleAfterDays} days or more`,
      needsStatus: true,
      // The digests' rule: an item never updated is awaiting its first update, not stale, while the plan is new.
      keep: (i, s, _flags, planStart) => isStale(s.get(i.id), ctx.now, ctx.staleAfterDays, planStart),
    };
  }
  const status = readStatus(t);
  if (status && status.rest === '') {
    return { title: `${STATUS_LABELS[status.status]}`, needsStatus: true, keep: (i, s) => statusOf(s, i.id) === status.status };
  }
  const themed = ctx.plan.items().filter((i) => i.action.theme && normaliseForSearch(i.action.theme).includes(normaliseForSearch(t)));
  if (themed.length) return { title: `Theme: ${themed[0]!.action.theme}`, keep: (i) => themed.includes(i) };
  const agency = resolveAgency(ctx.plan.agencies, t);
  if (agency.kind === 'found') {
    return { title: `Coordinated by ${agencyLabel(agency.agency, agencyNamingOf(ctx.plan))}`, keep: (i) => i.coordinators.includes(agency.agency.id) };
  }
  if (agency.kind === 'ambiguous') {
    return failureReply('ambiguous-agency', `"${text}" could mean ${listJoin(agency.candidates.map((a) => a.shortName), 'or')}.`,
      `Say which, e.g. \`list ${agency.candidates[0]!.shortName.toLowerCase()}\`.`);
  }
  return failureReply('bad-input', `I can't list "${text}".`,
    'Try an agency (`list police` or `list Te Tari Taake`), a priority (`list first priority`), a status (`list at-risk`), `list stale` or `list overdue`.');
}

export async function list(cmd: { filter: string; orSearch?: true }, ctx: CommandContext): Promise<Reply> {
  const filter = readFilter(cmd.filter, ctx);
  // "tell me about money laundering": not an agency, status or theme, so look for the words.
  if ('code' in filter && filter.code === 'bad-input' && cmd.orSearch) return search({ query: cmd.filter }, ctx);
  if ('code' in filter) return filter;
  const statuses = await ctx.store.currentStatuses();
  const flags = await overdueFlags(ctx);
  const planStart = ctx.planStart ? await ctx.planStart() : undefined;
  const items = ctx.plan.items().filter((i) => filter.keep(i, statuses, flags, planStart));
  if (items.length === 0) return okReply(`${filter.title}: none.`);
  const lines = items.map((i) => `${itemSummary(i)} [${labelOf(statuses, i.id)}${flags.suffix(i.id)}]`);
  return okReply(`${filter.title} (${items.length})`, [{ lines }]);
}

// `show 7`, `13b`, `what does success look like for 17`.
import { actionHeading, actionStatus, coordinatorLabels, partCount, statusLine } from '../describe.js';
import type { PlanItem } from '../plan/plan.js';
import type { Action } from '../plan/plan-schema.js';
import { okReply, type Reply, type ReplyAction, type ReplySection } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { STATUS_LABELS } from '../status.js';
import { StoreUnavailableError, type StatusUpdate, type TagChange } from '../store-port.js';
import { overdueFlags, type OverdueFlags } from '../milestones/overdue-flags.js';
import type { CommandContext } from './context.js';

export async function show(cmd: { target: string; focus?: 'success' }, ctx: CommandContext): Promise<Reply> {
  const target = resolveTarget(ctx.plan, cmd.target, 'show 7');
  if (isReply(target)) return target;
  if (cmd.focus === 'success') return successOf(target.kind === 'item' ? target.item : undefined, target.action);

  // Status and tags come from the database; the plan's words do not, so they still show when it is down.
  let statuses: Map<string, StatusUpdate> | undefined;
  let tags: TagChange | undefined;
  let flags: OverdueFlags | undefined;
  const items = target.kind === 'item' ? [target.item] : target.items;
  try {
    statuses = await ctx.store.currentStatuses(undefined, items.map((i) => i.id));
    tags = (await ctx.store.currentTags()).get(target.action.number);
    flags = await overdueFlags(ctx);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
  }
  const statusText = (id: string) =>
    statuses ? `${statusLine(statuses.get(id), ctx.plan, ctx.timeZone)}${flags?.suffix(id) ?? ''}` : 'Unknown — the database is not reachable right now';
  const actions: ReplyAction[] = items.map((item) => ({
    kind: 'update-status', itemId: item.id, label: `Update ${item.id}`,
    ...(statuses ? { current: statuses.get(item.id)?.status ?? 'not-started' } : {}),
  }));
  const { action } = target;

  const sections: ReplySection[] = [];
  if (target.kind === 'item' && target.item.part) {
    sections.push({
      lines: [`Part of action ${action.number}: ${action.text}`, `${target.item.id}: ${target.item.title ?? target.item.text}`],
      fields: [
        { label: 'Coordinating agencies', value: coordinatorLabels(ctx.plan, target.item.coordinators) },
        { label: 'Status', value: statusText(target.item.id) },
      ],
    });
  } else if (action.parts.length === 0) {
    sections.push({
      lines: [action.text],
      fields: [
        { label: 'Coordinating agencies', value: coordinatorLabels(ctx.plan, action.coordinators) },
        { label: 'Status', value: statusText(String(action.number)) },
      ],
    });
  } else {
    const rolled = statuses ? STATUS_LABELS[actionStatus(ctx.plan, action, statuses)] : 'Unknown';
    sections.push({
      lines: [action.text],
      fields: [
        { label: 'Coordinating agencies', value: coordinatorLabels(ctx.plan, ctx.plan.coordinatorsOf(action)) },
        { label: 'Overall status', value: `${rolled} (rolled up from its ${partCount(action.parts.length)} parts)` },
      ],
    });
    for (const item of items) {
      sections.push({
        heading: `${item.id}: ${item.title ?? item.text}`,
        lines: [],
        fields: [
          { label: 'Coordinating agencies', value: coordinatorLabels(ctx.plan, item.coordinators) },
          { label: 'Status', value: statusText(item.id) },
        ],
      });
    }
  }
  if (tags && (tags.priorityAreas.length || tags.focusAreas.length)) {
    sections[0]!.fields!.push({ label: 'Priority areas', value: tags.priorityAreas.join(', ') || '—' });
    sections[0]!.fields!.push({ label: 'Focus areas', value: tags.focusAreas.join(', ') || '—' });
  }
  sections.push(...successSections(target.kind === 'item' ? target.item : undefined, action));
  const title = target.kind === 'item' && target.item.part ? `${actionHeading(action)} · Part ${target.item.id}` : actionHeading(action);
  return okReply(title, sections, actions);
}

/** The success statements of a part (its own, else its action's), or of an action and its parts. */
function successSections(item: PlanItem | undefined, action: Action): ReplySection[] {
  if (item?.part) {
    if (item.success.length) return [{ heading: 'What success looks like', lines: item.success }];
    return [{ heading: `What success looks like (for action ${action.number} as a whole)`, lines: action.success }];
  }
  const sections: ReplySection[] = [];
  if (action.success.length) sections.push({ heading: 'What success looks like', lines: action.success });
  for (const part of action.parts) {
    if (part.success.length) {
      sections.push({ heading: `What success looks like — ${action.number}${part.letter}: ${part.title ?? part.text}`, lines: part.success });
    }
  }
  return sections;
}

function successOf(item: PlanItem | undefined, action: Action): Reply {
  const name = item?.part ? item.id : `action ${action.number}`;
  return okReply(`What success looks like for ${name}`, successSections(item, action));
}

// `milestone add|done|move|remove …`: dated steps on an action or part, by its
// coordinators (removal: stewards). Every change is appended with who and why.
import { formatIsoDay, isoDay, splitLeadingDay } from '../forward-date.js';
import { recordedActor } from '../identity.js';
import { readItemRef } from '../item-ref.js';
import { foldMilestones, todayIso, type Milestone } from '../milestones/milestone-model.js';
import type { MilestoneStore, NewMilestoneEvent } from '../milestones/milestone-port.js';
import { checkCanUpdate, checkSteward } from '../permissions.js';
import type { PlanItem } from '../plan/plan.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { listJoin } from '../resolve-agency.js';
import { MAX_NOTE_LENGTH } from '../text-input.js';
import type { CommandContext } from './context.js';

export type MilestoneVerb = 'add' | 'done' | 'move' | 'remove';
type Ctx = CommandContext & { milestones?: MilestoneStore };

const USAGE: Record<MilestoneVerb, string> = {
  add: '`milestone add 13b Legal advice received due 2027-03-31`',
  done: '`milestone done 13b 1 Advice received from Crown Law`',
  move: '`milestone move 13b 1 due 2027-06-30 Waiting on Cabinet`',
  remove: '`milestone remove 13b 1 Duplicate of milestone 2`',
};
/** Long enough for any milestone's name. */
const MAX_TITLE = 200;

function tooLong(label: string, text: string, max: number): Reply | undefined {
  if (text.length <= max) return undefined;
  return failureReply('bad-input', `That ${label} is ${text.length.toLocaleString('en-NZ')} characters; the limit is ${max.toLocaleString('en-NZ')}.`, 'Nothing was saved.');
}

/** The item (an action without parts, or a part) at the start of `args`, and the rest. */
function readItem(args: string, ctx: Ctx, verb: MilestoneVerb): { item: PlanItem; rest: string } | Reply {
  const read = readItemRef(args);
  if (!read) return failureReply('unknown-item', args ? `I couldn't find an action in "${args.slice(0, 60)}".` : 'Which action or part?', `Try ${USAGE[verb]}.`);
  const target = resolveTarget(ctx.plan, read.ref.raw, 'milestones 7');
  if (isReply(target)) return target;
  if (target.kind === 'action' && target.action.parts.length > 0) {
    return failureReply('needs-part', `Action ${target.action.number} has parts — milestones belong to one of them: ${listJoin(target.items.map((i) => i.id), 'or')}.`, `Try ${USAGE[verb]}.`);
  }
  return { item: target.kind === 'item' ? target.item : target.items[0]!, rest: read.rest };
}

/** A due date after "due"/"by"/"to", looking forward, and the words after it; a past date (with a year) is allowed. */
function readDue(text: string, ctx: Ctx, verb: MilestoneVerb): { due: string; rest: string } | Reply {
  const words = text.trim().replace(/^(?:due|by|to)\s+/i, '');
  if (!words) return failureReply('bad-input', 'When is it due?', `Try ${USAGE[verb]}.`);
  const read = splitLeadingDay(words, ctx.now, ctx.timeZone);
  if (!read) return failureReply('bad-input', `I can't read a date in "${words.slice(0, 40)}".`, `Try ${USAGE[verb]}.`);
  return { due: isoDay(read.day), rest: read.rest };
}

async function findMilestone(ctx: Ctx & { milestones: MilestoneStore }, item: PlanItem, text: string, verb: MilestoneVerb): Promise<{ milestone: Milestone; rest: string } | Reply> {
  const m = /^(?:#|no\.?\s*|number\s+)?(\d{1,4})(?=\s|$)\s*([\s\S]*)$/i.exec(text);
  if (!m) return failureReply('bad-input', `Which milestone of ${item.id}?`, `Give its number: ${USAGE[verb]} (\`milestones ${item.id}\` lists them).`);
  const list = foldMilestones(await ctx.milestones.events(item.id)).get(item.id) ?? [];
  const milestone = list.find((x) => x.number === Number(m[1]));
  if (!milestone || milestone.state === 'removed') {
    const open = list.filter((x) => x.state !== 'removed').map((x) => String(x.number));
    return failureReply('bad-input', `${item.id} has no milestone ${m[1]}.`, open.length ? `Its milestones are ${listJoin(open, 'and')} — \`milestones ${item.id}\` lists them.` : `It has none yet: ${USAGE.add}.`);
  }
  return { milestone, rest: (m[2] ?? '').trim() };
}

export async function milestone(cmd: { verb: MilestoneVerb; args: string }, ctx: Ctx): Promise<Reply> {
  if (!ctx.milestones) return failureReply('unavailable', 'Milestones are not kept on this server.');
  const store = ctx.milestones;
  const withStore = ctx as Ctx & { milestones: MilestoneStore };
  const target = readItem(cmd.args.trim(), ctx, cmd.verb);
  if (isReply(target)) return target;
  const { item } = target;
  const base = (): Omit<NewMilestoneEvent, 'kind' | 'note' | 'by'> => ({ itemId: item.id, at: ctx.now, requestKey: ctx.request.key });

  if (cmd.verb === 'add') {
    const split = /^([\s\S]*?)\s+(?:due|by)\s+(\S[\s\S]*)$/i.exec(target.rest);
    if (!split || !split[1]!.trim()) return failureReply('bad-input', split ? 'What is the milestone?' : 'When is it due?', `Try ${USAGE.add}.`);
    const title = split[1]!.trim();
    const due = readDue(split[2]!, ctx, 'add');
    if (isReply(due)) return due;
    if (due.rest) return failureReply('bad-input', `I don't know what "${due.rest.slice(0, 40)}" after the date means.`, `Put the date last: ${USAGE.add}.`);
    const long = tooLong('milestone name', title, MAX_TITLE);
    if (long) return long;
    const actor = await ctx.actor();
    const refusal = checkCanUpdate(actor, item, ctx.plan);
    if (refusal) return refusal;
    const { event, duplicate } = await store.record({ ...base(), kind: 'add', title, due: due.due, note: '', by: recordedActor(actor) });
    const overdue = event.due! < todayIso(ctx.now, ctx.timeZone) ? ' It is already overdue.' : '';
    return okReply(`${duplicate ? 'Already added' : 'Milestone'} ${event.number} of ${item.id}${duplicate ? '' : ' added'}: ${event.title}, due ${formatIsoDay(event.due!)}.${overdue}`);
  }

  const found = await findMilestone(withStore, item, target.rest, cmd.verb);
  if (isReply(found)) return found;
  const { milestone: m } = found;
  const actor = await ctx.actor();
  const refusal = cmd.verb === 'remove' ? checkSteward(actor, 'remove milestones') : checkCanUpdate(actor, item, ctx.plan);
  if (refusal) return refusal;
  const name = `Milestone ${m.number} of ${item.id} (${m.title})`;

  if (cmd.verb === 'done') {
    if (m.state === 'done') return okReply(`${name} is already done.`);
    const long = tooLong('note', found.rest, MAX_NOTE_LENGTH);
    if (long) return long;
    await store.record({ ...base(), kind: 'done', number: m.number, note: found.rest, by: recordedActor(actor) });
    return okReply(`${name} is done.`, found.rest ? [{ lines: [found.rest] }] : []);
  }
  if (cmd.verb === 'move') {
    if (m.state === 'done') return failureReply('bad-input', `${name} is done; its date cannot move.`);
    const due = readDue(found.rest, ctx, 'move');
    if (isReply(due)) return due;
    if (!due.rest) return failureReply('needs-reason', 'Moving a due date needs a reason.', `Add it after the date: ${USAGE.move}.`);
    const long = tooLong('reason', due.rest, MAX_NOTE_LENGTH);
    if (long) return long;
    await store.record({ ...base(), kind: 'move', number: m.number, due: due.due, note: due.rest, by: recordedActor(actor) });
    return okReply(`${name} is now due ${formatIsoDay(due.due)} (was ${formatIsoDay(m.due)}).`, [{ lines: [due.rest] }]);
  }
  if (!found.rest) return failureReply('needs-reason', 'Removing a milestone needs a reason.', `Add it after the number: ${USAGE.remove}.`);
  const long = tooLong('reason', found.rest, MAX_NOTE_LENGTH);
  if (long) return long;
  await store.record({ ...base(), kind: 'remove', number: m.number, note: found.rest, by: recordedActor(actor) });
  return okReply(`${name} is removed.`, [{ lines: [found.rest] }]);
}

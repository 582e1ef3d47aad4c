// `sign off 7 [note]` and `reject 7 <reason>`: a steward confirms a
// coordinator's completion, or sends it back to the status it had before.
// Both are appended to the item's status log, like every update.
import { recordedActor } from '../identity.js';
import { checkSteward } from '../permissions.js';
import type { PlanItem } from '../plan/plan.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { listJoin } from '../resolve-agency.js';
import { STATUS_LABELS, awaitingSignOff, effectiveStatus, statusLabel } from '../status.js';
import type { StatusUpdate } from '../store-port.js';
import { MAX_NOTE_LENGTH } from '../text-input.js';
import { readItemRef } from '../item-ref.js';
import type { CommandContext } from './context.js';

function readTarget(args: string, ctx: CommandContext, verb: 'sign off' | 'reject'): { item: PlanItem; rest: string } | Reply {
  const read = readItemRef(args);
  const example = verb === 'sign off' ? '`sign off 7 Evidence checked`' : '`reject 7 The framework is still in draft`';
  if (!read) return failureReply('unknown-item', args ? `I couldn't find an action in "${args.slice(0, 60)}".` : 'Which action or part?', `Try ${example}.`);
  const target = resolveTarget(ctx.plan, read.ref.raw, verb);
  if (isReply(target)) return target;
  if (target.kind === 'action' && target.action.parts.length > 0) {
    return failureReply('needs-part', `Action ${target.action.number} has parts — ${verb} one of them: ${listJoin(target.items.map((i) => i.id), 'or')}.`);
  }
  return { item: target.kind === 'item' ? target.item : target.items[0]!, rest: read.rest };
}

async function pendingCompletion(ctx: CommandContext, item: PlanItem): Promise<StatusUpdate | Reply> {
  const latest = (await ctx.store.currentStatuses(undefined, [item.id])).get(item.id);
  if (awaitingSignOff(latest)) return latest!;
  // This very request was applied already (a retry or a double click): say so.
  if (latest?.requestKey === ctx.request.key) return okReply(`Already done: ${item.id} is ${statusLabel(latest)}.`);
  return failureReply('bad-input', `${item.id} is not awaiting sign-off — it is ${statusLabel(latest)}.`, '`list awaiting sign-off` shows what is.');
}

export async function signOff(cmd: { args: string }, ctx: CommandContext): Promise<Reply> {
  const target = readTarget(cmd.args.trim(), ctx, 'sign off');
  if (isReply(target)) return target;
  const { item, rest: note } = target;
  if (note.length > MAX_NOTE_LENGTH) return failureReply('bad-input', `That note is ${note.length.toLocaleString('en-NZ')} characters; the limit is ${MAX_NOTE_LENGTH.toLocaleString('en-NZ')}.`, 'Nothing was saved.');
  const actor = await ctx.actor();
  const refusal = checkSteward(actor, 'sign off a completion');
  if (refusal) return refusal;
  const pending = await pendingCompletion(ctx, item);
  if (isReply(pending)) return pending;
  const { duplicate } = await ctx.store.recordUpdate({
    itemId: item.id, action: item.action.number, status: 'complete', note: note || pending.note, signOff: 'signed-off',
    by: recordedActor(actor), at: ctx.now, source: { platform: ctx.request.platform, ...(ctx.request.channelId ? { channelId: ctx.request.channelId } : {}) },
    requestKey: ctx.request.key,
  });
  return okReply(`${duplicate ? 'Already signed off' : 'Signed off'}: ${item.id} is now Complete.`, [{ lines: [`Completed by ${pending.by.displayName}: ${pending.note}`, ...(note ? [note] : [])] }]);
}

export async function reject(cmd: { args: string }, ctx: CommandContext): Promise<Reply> {
  const target = readTarget(cmd.args.trim(), ctx, 'reject');
  if (isReply(target)) return target;
  const { item, rest: reason } = target;
  if (!reason) return failureReply('needs-reason', 'Rejecting a completion needs a reason.', `Add it after the item: \`reject ${item.id} The framework is still in draft\`.`);
  if (reason.length > MAX_NOTE_LENGTH) return failureReply('bad-input', `That reason is ${reason.length.toLocaleString('en-NZ')} characters; the limit is ${MAX_NOTE_LENGTH.toLocaleString('en-NZ')}.`, 'Nothing was saved.');
  const actor = await ctx.actor();
  const refusal = checkSteward(actor, 'reject a completion');
  if (refusal) return refusal;
  const pending = await pendingCompletion(ctx, item);
  if (isReply(pending)) return pending;
  // Back to the status it had before the completion was claimed.
  const before = (await ctx.store.history(item.id, { asOf: new Date(pending.at.getTime() - 1), limit: 1 }))[0];
  const previous = effectiveStatus(before);
  const { duplicate } = await ctx.store.recordUpdate({
    itemId: item.id, action: item.action.number, status: previous, note: reason, signOff: 'rejected',
    by: recordedActor(actor), at: ctx.now, source: { platform: ctx.request.platform, ...(ctx.request.channelId ? { channelId: ctx.request.channelId } : {}) },
    requestKey: ctx.request.key,
  });
  return okReply(`${duplicate ? 'Already rejected' : 'Rejected'}: ${item.id} is back to ${STATUS_LABELS[previous]}.`, [{ lines: [reason] }]);
}

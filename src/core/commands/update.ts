// `update 13b at-risk Waiting on legal advice`: an append-only status record.
import { itemId, readItemRef } from '../item-ref.js';
import { checkCanUpdate } from '../permissions.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { isReply, resolveTarget } from '../resolve-item.js';
import { listJoin } from '../resolve-agency.js';
import { NEEDS_REASON, STATUS_HELP, STATUS_LABELS, awaitingSignOff, readStatus, statusLabel } from '../status.js';
import { MAX_NOTE_LENGTH } from '../text-input.js';
import { recordedActor } from '../identity.js';
import type { CommandContext } from './context.js';

const EXAMPLE = '`update 7 on-track Team recruited` or `update 13b at-risk Waiting on legal advice`';

export async function update(cmd: { target: string }, ctx: CommandContext): Promise<Reply> {
  const read = readItemRef(cmd.target);
  if (!read) {
    return failureReply('unknown-item', cmd.target ? `I couldn't find an action in "${cmd.target}".` : 'Which action?', `Try ${EXAMPLE}.`);
  }
  const target = resolveTarget(ctx.plan, read.ref.raw, 'update 7');
  if (isReply(target)) return target;
  if (target.kind === 'action' && target.action.parts.length > 0) {
    const ids = target.items.map((i) => i.id);
    return failureReply('needs-part', `Action ${target.action.number} has parts — update one of them: ${listJoin(ids, 'or')}.`,
      `For example \`update ${ids[0]} ${read.rest || 'on-track'}\`.`);
  }
  const item = target.kind === 'item' ? target.item : target.items[0]!;

  const status = readStatus(read.rest);
  if (!status) {
    const word = read.rest.split(' ')[0];
    return failureReply('bad-status', word ? `"${word}" is not a status.` : `What is ${item.id}'s status?`,
      `Use one of: ${STATUS_HELP} (also green, amber, red, done). For example \`update ${itemId(read.ref)} on-track\`.`);
  }
  const note = status.rest;
  if (NEEDS_REASON.has(status.status) && !note) {
    return failureReply('needs-reason', `${STATUS_LABELS[status.status]} needs a reason.`,
      `Add it after the status: \`update ${item.id} ${status.status} Waiting on legal advice\`.`);
  }

  if (note.length > MAX_NOTE_LENGTH) {
    return failureReply('bad-input', `That note is ${note.length.toLocaleString('en-NZ')} characters; the limit is ${MAX_NOTE_LENGTH.toLocaleString('en-NZ')}.`,
      'Shorten it and send the update again — nothing was saved.');
  }

  const actor = await ctx.actor();
  const refusal = checkCanUpdate(actor, item, ctx.plan);
  if (refusal) return refusal;
  // Asked after the permission check, so someone who may not update it hears that first.
  if (status.status === 'complete' && !note) {
    return failureReply('needs-reason', 'Complete needs evidence: what shows it is done.',
      `Add it after the status: \`update ${item.id} complete Cabinet agreed the framework on 3 March\`.`);
  }

  const { update: saved, duplicate } = await ctx.store.recordUpdate({
    itemId: item.id,
    action: item.action.number,
    status: status.status,
    note,
    by: recordedActor(actor),
    at: ctx.now,
    source: { platform: ctx.request.platform, ...(ctx.request.channelId ? { channelId: ctx.request.channelId } : {}) },
    requestKey: ctx.request.key,
    // A coordinator's completion counts once a steward signs it off; a steward's counts at once.
    ...(status.status === 'complete' && !actor.steward ? { signOff: 'pending' as const } : {}),
  });
  const label = statusLabel(saved);
  const pending = awaitingSignOff(saved) ? [{ lines: ['A plan steward will be asked to sign it off; until then it counts as on track.'] }] : [];
  const reply = okReply(duplicate ? `Already saved: ${saved.itemId} is ${label}.` : `Saved: ${saved.itemId} is now ${label}.`,
    [...(saved.note ? [{ lines: [saved.note] }] : []), ...pending]);
  const agency = saved.by.agencies.map((id) => ctx.plan.agency(id)?.shortName ?? id).join(', ');
  reply.update = {
    itemId: saved.itemId, status: saved.status, note: saved.note, by: saved.by.displayName, at: saved.at, duplicate, label,
    ...(agency ? { agency } : {}),
  };
  return reply;
}

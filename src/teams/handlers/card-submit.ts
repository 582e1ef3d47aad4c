// The "Update status" form's Save. It runs `update <item> <status> <reason>`
// keyed on the card instance and the person, so a double click or a re-sent
// save is one request (saved once).
//
// Save is an Action.Execute: Teams shows the card we answer with in place.
// - A missing status or reason, or a refusal: the form again, open, with what
//   was chosen and a message inside it (only the person who pressed Save sees it).
// - Saved: the action's card refreshed for everyone — its new status, details
//   and Update button — with one confirmation line. From a digest (a form
//   listing several items) the digest stays as it is: the conversation gets
//   the saved update as a new card, and the person a short confirmation.
// Cards sent before Universal Actions carry Action.Submit: those still save,
// and the saved update replaces the card (onUpdateSubmit).
import type { TurnContext } from 'botbuilder';
import { NEEDS_REASON, STATUSES, STATUS_LABELS, type Status } from '../../core/status.js';
import { replyToText, type Reply, type ReplyAction } from '../../core/reply.js';
import type { AdaptiveCard } from '../adaptive-card.js';
import { runTeamsCommand } from '../run-teams-command.js';
import { announcementText, renderReply } from '../render-card.js';
import { describeItems, isShared, renderOptions } from '../card-options.js';
import type { TeamsContext } from '../context.js';
import { unknownFormReply } from '../replies.js';
import { SEND_VERB } from '../render-card.js';
import { MAX_COMMAND_LENGTH } from '../../core/text-input.js';
import { cardMessage, replaceCard, sendReply } from '../send-reply.js';
import { openFormCard, readSubmission, submissionCommand, type FormOptions, type UpdateSubmission } from '../update-form.js';
import { httpStatusOf, retryThrottled } from '../throttle.js';

const requestKey = (turn: TurnContext, s: UpdateSubmission) => `teams:card:${s.cardId}:${turn.activity.from.aadObjectId || turn.activity.from.id}`;

/** The form's action again, from what the Save carried. */
function formAction(s: UpdateSubmission): ReplyAction {
  return {
    kind: 'update-status', itemId: s.formItem, label: 'Update status',
    ...(s.choices ? { choices: s.choices } : {}),
    ...((STATUSES as readonly string[]).includes(s.status) ? { current: s.status as Status } : {}),
  };
}

/** What is wrong with the form before anything is asked of the engine; undefined when it can go. */
function formProblem(s: UpdateSubmission): string | undefined {
  if (!(STATUSES as readonly string[]).includes(s.status)) return 'Choose a status.';
  const status = s.status as Status;
  if (NEEDS_REASON.has(status) && !s.reason) return `${STATUS_LABELS[status]} needs a reason: add it below, then Save.`;
  return undefined;
}

/** A refusal or failure as one message for the form: the title and what would work. */
function message(reply: Reply): string {
  return replyToText(reply).split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' ');
}

export async function onUpdateExecute(ctx: TeamsContext, turn: TurnContext, data: unknown): Promise<AdaptiveCard | string> {
  const shared = isShared(turn);
  const submission = readSubmission(data);
  if (!submission) return renderReply(unknownFormReply(), renderOptions(ctx.engine.plan, ctx.newCardId(), shared))[0]!;
  const form: FormOptions = { cardId: submission.cardId, shared, describe: describeItems(ctx.engine.plan) };
  const state = { item: submission.itemId, status: submission.status, reason: submission.reason };
  const problem = formProblem(submission);
  if (problem) return openFormCard(formAction(submission), form, { ...state, message: problem });

  const reply = await runTeamsCommand(ctx, turn, { text: submissionCommand(submission), key: requestKey(turn, submission) });
  if (!reply.update) return openFormCard(formAction(submission), form, { ...state, message: message(reply) });

  if (submission.choices) {
    // From a digest: the digest stays; the conversation hears who set what.
    if (!reply.update.duplicate) await sendReply(ctx, turn, reply);
    return `${reply.title} ${reply.update.duplicate ? '' : announcementText(reply.update)}`.trim();
  }
  const card = await refreshedCard(ctx, turn, reply, shared);
  const cardId = turn.activity.replyToId;
  if (cardId && shared) {
    // Everyone in the conversation sees the card change; the invoke answer alone reaches only the person.
    try {
      await retryThrottled(() => turn.updateActivity({ ...cardMessage(card), id: cardId }), ctx.retry);
    } catch (err) {
      ctx.logger.warn('teams card refresh for everyone failed', { conversation: turn.activity.conversation?.id, status: httpStatusOf(err), error: err });
    }
  }
  return card;
}

/** The action's card as `show` gives it now (new status, details, Update button), with one confirmation line. */
async function refreshedCard(ctx: TeamsContext, turn: TurnContext, saved: Reply, shared: boolean): Promise<AdaptiveCard> {
  const event = saved.update!;
  const shown = await runTeamsCommand(ctx, turn, { text: `show ${event.itemId}`, key: `teams:show:${ctx.newCardId()}` });
  // The note is in the card's Status line; the confirmation says who and what, once.
  const who = `${event.by}${event.agency ? ` (${event.agency})` : ''}`;
  const label = event.label ?? STATUS_LABELS[event.status];
  const line = event.duplicate ? `Already saved: ${event.itemId} is ${label}.` : `Saved: ${who} set ${event.itemId} to ${label}.`;
  const reply: Reply = shown.ok ? { ...shown, sections: [{ lines: [line] }, ...shown.sections] } : saved;
  return renderReply(reply, renderOptions(ctx.engine.plan, ctx.newCardId(), shared))[0]!;
}

export async function onUpdateSubmit(ctx: TeamsContext, turn: TurnContext, value: unknown): Promise<void> {
  const submission = readSubmission(value);
  if (!submission) {
    await sendReply(ctx, turn, unknownFormReply());
    return;
  }
  const reply = await runTeamsCommand(ctx, turn, { text: submissionCommand(submission), key: requestKey(turn, submission) });
  const cardId = turn.activity.replyToId;
  if (reply.update && cardId && (await replaceCard(ctx, turn, cardId, reply))) return;
  await sendReply(ctx, turn, reply);
}

export async function onOtherSubmit(ctx: TeamsContext, turn: TurnContext): Promise<void> {
  const send = readSendCommand(turn.activity.value);
  if (send) {
    // A suggested command's button: sent as the person's own words, once per card and person.
    const from = turn.activity.from;
    await sendReply(ctx, turn, await runTeamsCommand(ctx, turn, { text: send.command, key: `teams:send:${send.cardId}:${from.aadObjectId || from.id}` }));
    return;
  }
  await sendReply(ctx, turn, unknownFormReply());
}

/** A suggested command's submit: { verb: tsoc.send, command, cardId }; undefined when it is not one. */
export function readSendCommand(value: unknown): { command: string; cardId: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v.verb !== SEND_VERB || typeof v.command !== 'string' || typeof v.cardId !== 'string') return undefined;
  const command = v.command.trim();
  if (!command || command.length > MAX_COMMAND_LENGTH || !/^[A-Za-z0-9-]{1,64}$/.test(v.cardId)) return undefined;
  return { command, cardId: v.cardId };
}

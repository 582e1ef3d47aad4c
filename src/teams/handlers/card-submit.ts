// The "Update status" form's Save. It runs `update <item> <status> <reason>`
// keyed on the card instance and the person, so a double click or a re-sent
// submit saves once. A saved update replaces the card in place (everyone in
// the conversation sees who set what); a refusal or mistake comes back as a
// new card, leaving the form there to correct.
import type { TurnContext } from 'botbuilder';
import { answer } from '../answer.js';
import type { TeamsContext } from '../context.js';
import { unknownFormReply } from '../replies.js';
import { replaceCard, sendReply } from '../send-reply.js';
import { readSubmission, submissionCommand } from '../update-form.js';
import { SEND_VERB } from '../render-card.js';
import { MAX_COMMAND_LENGTH } from '../../core/text-input.js';

export async function onUpdateSubmit(ctx: TeamsContext, turn: TurnContext, value: unknown): Promise<void> {
  const submission = readSubmission(value);
  if (!submission) {
    await sendReply(ctx, turn, unknownFormReply());
    return;
  }
  const from = turn.activity.from;
  const key = `teams:card:${submission.cardId}:${from.aadObjectId || from.id}`;
  const reply = await answer(ctx, turn, { text: submissionCommand(submission), key });
  const cardId = turn.activity.replyToId;
  if (reply.update && cardId && (await replaceCard(ctx, turn, cardId, reply))) return;
  await sendReply(ctx, turn, reply);
}

export async function onOtherSubmit(ctx: TeamsContext, turn: TurnContext): Promise<void> {
  const send = readSendCommand(turn.activity.value);
  if (send) {
    // A suggested command's button: sent as the person's own words, once per card and person.
    const from = turn.activity.from;
    await sendReply(ctx, turn, await answer(ctx, turn, { text: send.command, key: `teams:send:${send.cardId}:${from.aadObjectId || from.id}` }));
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

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
  await sendReply(ctx, turn, unknownFormReply());
}

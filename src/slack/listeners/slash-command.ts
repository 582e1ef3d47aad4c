// `/tsoc <text>`: answered privately (ephemeral) in the acknowledgement when
// the engine is done within the ack budget, else acknowledged empty and
// answered through response_url. A saved update is also announced in the channel.
import { randomUUID } from 'node:crypto';
import type { AckFn, App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { runSlackCommand, announce, respondAll } from '../run-slack-command.js';
import type { SlackContext } from '../context.js';
import type { Reply } from '../../core/reply.js';
import { unescapeSlackText } from '../mrkdwn.js';
import { renderReply, type SlackMessage } from '../render-reply.js';
import { budgetLeft, within } from '../within.js';

export async function handleSlashCommand(
  ctx: SlackContext,
  command: SlashCommand,
  ack: AckFn<string | RespondArguments>,
  respond: RespondFn,
  receivedAt?: unknown,
): Promise<void> {
  const work = runSlackCommand(ctx, {
    // Slack sends one text field; a forged body with repeated fields arrives as an array.
    text: unescapeSlackText(typeof command.text === 'string' ? command.text : ''),
    userId: command.user_id,
    userName: command.user_name,
    // A replayed request carries the same trigger id, so an update in it is applied once.
    key: `slack:command:${command.trigger_id || randomUUID()}`,
    channelId: command.channel_id,
  });
  const early = await within(work, budgetLeft(ctx.ackBudgetMs, receivedAt));
  let reply: Reply;
  let rest: SlackMessage[];
  if (early.done) {
    reply = early.value;
    const [first, ...more] = renderReply(reply);
    await ack({ response_type: 'ephemeral', ...first });
    rest = more;
  } else {
    await ack();
    reply = await work;
    rest = renderReply(reply);
  }
  // Node sends a response's bytes at the next tick, after every promise job already queued: the
  // announcement's request building (the Web API client's promise chain) would go first. Let the
  // answer out, then do the rest.
  await new Promise((resolve) => setImmediate(resolve));
  await respondAll(ctx, respond, rest);
  if (reply.update) await announce(ctx, reply.update, command.channel_id, respond);
}

export function registerSlashCommand(app: App, ctx: SlackContext): void {
  // The manifest declares one command (/tsoc); an administrator may rename it, so any command is ours.
  app.command(/^\/.+/, async ({ command, ack, respond, context }) => handleSlashCommand(ctx, command, ack, respond, context.receivedAt));
}

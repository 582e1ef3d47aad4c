// The button on a suggested command ("Did you mean `update 7 on-track`?"): a
// click sends that command as the person's own, exactly as if they had typed
// it. One suggestion saves once per person however often it is clicked (the
// key names the message and the person), and the answer comes back privately
// through the button's response_url; a saved update is announced as usual.
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { runSlackCommand, announce, LITERAL, respondAll } from '../run-slack-command.js';
import type { SlackContext } from '../context.js';
import { replyToText } from '../../core/reply.js';
import { renderReply, SEND_COMMAND_BUTTON } from '../render-reply.js';
import { publishHome } from './app-home.js';

export async function sendSuggestedCommand(ctx: SlackContext, body: BlockAction, action: ButtonAction, respond?: RespondFn): Promise<void> {
  const text = typeof action.value === 'string' ? action.value.trim() : '';
  if (!text) {
    ctx.logger.warn('slack send-command button without a command', { action: action.action_id });
    return;
  }
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const message = body.container?.message_ts ?? body.message?.ts ?? body.trigger_id;
  const reply = await runSlackCommand(ctx, {
    text,
    userId: body.user.id,
    ...(body.user.name ? { userName: body.user.name } : {}),
    key: `slack:send:${channelId ?? ''}:${message}:${action.action_id}:${body.user.id}`,
    ...(channelId ? { channelId } : {}),
  });
  if (body.view?.type === 'home') {
    // A button on App Home (a steward's Sign off / Reject): the tab is drawn again with the answer.
    await publishHome(ctx, body.user.id, body.user.name, replyToText(reply));
  } else if (respond) await respondAll(ctx, respond, renderReply(reply));
  else if (channelId) {
    for (const m of renderReply(reply).slice(0, 4)) {
      await ctx.api.chat.postEphemeral({ channel: channelId, user: body.user.id, ...m, ...LITERAL }).catch((err: unknown) => {
        ctx.logger.warn('slack send-command answer failed', { channel: channelId, error: err });
      });
    }
  }
  if (reply.update) await announce(ctx, reply.update, channelId, respond);
}

export function registerSendCommand(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${SEND_COMMAND_BUTTON}(:|$)`), async ({ ack, body, action, respond }) => {
    await ack();
    await sendSuggestedCommand(ctx, body, action, body.response_url ? respond : undefined);
  });
}

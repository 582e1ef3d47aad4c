// "Update status" buttons (on action cards and in App Home) open a modal: a
// status select and a reason. A submission is validated, run through the
// engine as `update <item> <status> <note>` with the view id as its request
// key (a resubmission or replay saves once), and confirmed in the modal.
import type { AckFn, App, BlockAction, ButtonAction, RespondFn, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { statusLine } from '../../core/describe.js';
import type { Reply } from '../../core/reply.js';
import { NEEDS_REASON, STATUSES, STATUS_LABELS, type Status } from '../../core/status.js';
import { MAX_NOTE_LENGTH } from '../../core/text-input.js';
import { runSlackCommand, announce } from '../run-slack-command.js';
import type { SlackContext } from '../context.js';
import { UPDATE_BUTTON } from '../render-reply.js';
import { ITEM_BLOCK, NOTE_BLOCK, STATUS_BLOCK, UPDATE_MODAL, readMetadata, resultModal, savingModal, updateModal, type ModalMetadata } from '../views.js';
import { budgetLeft, within } from '../within.js';
import { publishHome } from './app-home.js';

/** Opens the modal for the clicked item (within the trigger id's 3 s). */
export async function openUpdateModal(ctx: SlackContext, body: BlockAction, action: ButtonAction): Promise<void> {
  // A digest's button carries every item its form lists; its action id names the one to open on.
  const listed = (action.value ?? '').split(',').map((id) => ctx.plan.item(id)).filter((i) => i !== undefined);
  const opening = action.action_id.slice(UPDATE_BUTTON.length + 1);
  const item = listed.find((i) => i.id === opening) ?? listed[0];
  if (!item) {
    ctx.logger.warn('slack update button for an unknown item', { value: action.value });
    return;
  }
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const meta: ModalMetadata = {
    itemId: item.id,
    ...(channelId ? { channelId } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ...(body.view?.type === 'home' ? { fromHome: true } : {}),
  };
  // The current status is a nicety: the modal opens without it if the database is slow.
  const statuses = await within(ctx.store.currentStatuses(undefined, [item.id]).catch(() => undefined), 1000);
  const current = statuses.done && statuses.value ? statuses.value.get(item.id) : undefined;
  const line = statuses.done && statuses.value ? statusLine(current, ctx.plan, ctx.timeZone) : undefined;
  try {
    await ctx.api.views.open({ trigger_id: body.trigger_id, view: updateModal(item, line, current?.status, meta, listed.length > 1 ? listed : []) });
  } catch (err) {
    ctx.logger.warn('slack views.open failed', { item: item.id, error: err });
  }
}

/** Field errors for the modal, keyed by block id; undefined when the input is usable. */
export function validateSubmission(status: string | undefined, note: string): Record<string, string> | undefined {
  if (!status || !(STATUSES as readonly string[]).includes(status)) return { [STATUS_BLOCK]: 'Choose a status.' };
  if (NEEDS_REASON.has(status as Status) && note.trim() === '') return { [NOTE_BLOCK]: `${STATUS_LABELS[status as Status]} needs a reason.` };
  if (note.length > MAX_NOTE_LENGTH) return { [NOTE_BLOCK]: `At most ${MAX_NOTE_LENGTH} characters.` };
  return undefined;
}

export async function submitUpdateModal(
  ctx: SlackContext,
  body: ViewSubmitAction,
  ack: AckFn<ViewResponseAction>,
  respond?: RespondFn,
  receivedAt?: unknown,
): Promise<void> {
  const { view } = body;
  const meta = readMetadata(view.private_metadata);
  // Slack always sends state.values; a forged submission may not.
  const values = view.state?.values ?? {};
  // In a form that lists several items, the one chosen (only one of those listed).
  const chosen = values[ITEM_BLOCK]?.[ITEM_BLOCK]?.selected_option?.value ?? undefined;
  const itemId = chosen && meta?.itemIds?.includes(chosen) ? chosen : meta?.itemId;
  const item = meta && itemId ? ctx.plan.item(itemId) : undefined;
  if (!meta || !item) {
    await ack({ response_action: 'errors', errors: { [STATUS_BLOCK]: 'This form is out of date: close it and press Update status again.' } });
    return;
  }
  const status = values[STATUS_BLOCK]?.[STATUS_BLOCK]?.selected_option?.value ?? undefined;
  const rawNote = values[NOTE_BLOCK]?.[NOTE_BLOCK]?.value;
  const note = (typeof rawNote === 'string' ? rawNote : '').trim();
  const errors = validateSubmission(status, note);
  if (errors) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const work = runSlackCommand(ctx, {
    text: `update ${item.id} ${status}${note ? ` ${note}` : ''}`,
    userId: body.user.id,
    userName: body.user.name,
    key: `slack:view:${view.id}`,
    ...(meta.channelId ? { channelId: meta.channelId } : {}),
  });
  const early = await within(work, budgetLeft(ctx.ackBudgetMs, receivedAt));
  let reply: Reply;
  if (early.done) {
    reply = early.value;
    await ack({ response_action: 'update', view: resultModal(item.id, reply) });
  } else {
    await ack({ response_action: 'update', view: savingModal(item.id) });
    reply = await work;
    try {
      await ctx.api.views.update({ view_id: view.id, view: resultModal(item.id, reply) });
    } catch (err) {
      ctx.logger.warn('slack views.update failed', { view: view.id, error: err });
    }
  }
  if (reply.update) await announce(ctx, reply.update, meta.channelId, respond);
  if (reply.update && meta.fromHome) await publishHome(ctx, body.user.id, body.user.name);
}

export function registerUpdateModal(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${UPDATE_BUTTON}(:|$)`), async ({ ack, body, action }) => {
    await ack();
    await openUpdateModal(ctx, body, action);
  });
  app.view<ViewSubmitAction>(UPDATE_MODAL, async ({ ack, body, context }) => {
    const meta = readMetadata(body.view.private_metadata);
    const respond = meta?.responseUrl ? responseUrlPoster(ctx, meta.responseUrl) : undefined;
    await submitUpdateModal(ctx, body, ack, respond, context.receivedAt);
  });
}

/** A respond() for the response_url the button's message came with (kept in the modal's metadata). */
function responseUrlPoster(ctx: SlackContext, url: string): RespondFn {
  return async (message) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    ctx.logger.debug('slack response_url used', { status: res.status });
    return res;
  };
}

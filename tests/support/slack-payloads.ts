// Interactive payloads as Slack sends them (block_actions for a button click,
// view_submission for the update modal), built by hand so a test can forge
// any field: the item a button names, a modal's private_metadata, its state.
import { randomUUID } from 'node:crypto';
import type { FakeUser } from '../fakes/slack-api.js';

const slackUser = (u: FakeUser) => ({ id: u.id, username: u.realName.split(' ')[0]!.toLowerCase(), name: u.realName.split(' ')[0]!.toLowerCase(), team_id: 'T0TSOC' });

/** A click on an "Update status" button for `itemId`, in a message or on the App Home tab. */
export function buttonClick(u: FakeUser, itemId: string, where: { home: true } | { channelId: string; responseUrl: string }) {
  return {
    type: 'block_actions',
    user: slackUser(u),
    api_app_id: 'A0TSOC',
    token: 'unused',
    trigger_id: `${Date.now()}.trigger.${randomUUID()}`,
    team: { id: 'T0TSOC', domain: 'tsoc-test' },
    ...('home' in where
      ? { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', team_id: 'T0TSOC' } }
      : {
          container: { type: 'message', message_ts: '1700000000.000100', channel_id: where.channelId, is_ephemeral: true },
          channel: { id: where.channelId, name: 'tsoc-plan' },
          response_url: where.responseUrl,
        }),
    actions: [{ action_id: `tsoc_update_open:${itemId}`, block_id: 'b1', text: { type: 'plain_text', text: `Update ${itemId}` }, value: itemId, type: 'button', action_ts: '1700000000.1' }],
  };
}

/** The update modal submitted: `privateMetadata` is whatever the test wants the bot to read back. */
export function modalSubmission(u: FakeUser, privateMetadata: string, status: string | null, note: string | null, viewId = `V${randomUUID()}`) {
  return {
    type: 'view_submission',
    team: { id: 'T0TSOC', domain: 'tsoc-test' },
    user: slackUser(u),
    api_app_id: 'A0TSOC',
    token: 'unused',
    trigger_id: `${Date.now()}.trigger.${randomUUID()}`,
    view: {
      id: viewId,
      team_id: 'T0TSOC',
      type: 'modal',
      callback_id: 'tsoc_update_modal',
      private_metadata: privateMetadata,
      hash: `${Date.now()}.hash`,
      state: {
        values: {
          status: { status: { type: 'static_select', selected_option: status ? { text: { type: 'plain_text', text: status }, value: status } : null } },
          note: { note: { type: 'plain_text_input', value: note } },
        },
      },
    },
    response_urls: [],
  };
}

// Modals and the App Home tab as Block Kit views: pure functions of plan data
// and replies. Every user-supplied string is escaped.
import type { types } from '@slack/bolt';
import { itemSummary, statusLine } from '../core/describe.js';
import { overdueFlag } from '../core/milestones/milestone-model.js';
import type { Actor } from '../core/identity.js';
import type { Plan, PlanItem } from '../core/plan/plan.js';
import type { Reply } from '../core/reply.js';
import { STATUSES, STATUS_LABELS, type Status } from '../core/status.js';
import type { StatusUpdate } from '../core/store-port.js';
import { MAX_NOTE_LENGTH } from '../core/text-input.js';
import { escapeMrkdwn, truncateEscaped } from './mrkdwn.js';
import { LIMITS, SEND_COMMAND_BUTTON, UPDATE_BUTTON, renderReply, type Block } from './render-reply.js';

export const UPDATE_MODAL = 'tsoc_update_modal';
export const STATUS_BLOCK = 'status';
export const NOTE_BLOCK = 'note';
export const ITEM_BLOCK = 'item';
/** Slack's limit on a select's options. */
const MAX_OPTIONS = 100;

/** What the update modal carries from the click to the submission. */
export interface ModalMetadata {
  itemId: string;
  /** The channel whose message held the button: the saved update is announced there. */
  channelId?: string;
  /** The button's message response_url: the announcement's fallback when the bot is not in the channel. */
  responseUrl?: string;
  /** Opened from App Home: the tab is refreshed after a save. */
  fromHome?: boolean;
  /** A form listing several items (a digest's): the one to update is chosen in the modal. */
  itemIds?: string[];
}

export function readMetadata(text: string | undefined): ModalMetadata | undefined {
  try {
    const m = JSON.parse(text ?? '') as Partial<ModalMetadata>;
    return typeof m.itemId === 'string' ? (m as ModalMetadata) : undefined;
  } catch {
    return undefined;
  }
}

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: text.length > max ? `${text.slice(0, max - 1)}…` : text, emoji: false });
const mrkdwn = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncateEscaped(text, LIMITS.sectionText) } });
const statusOption = (s: Status) => ({ text: plain(STATUS_LABELS[s]), value: s });

export function updateModal(item: PlanItem, current: string | undefined, currentStatus: Status | undefined, meta: ModalMetadata, choices: PlanItem[] = []): types.ModalView {
  const itemOption = (i: PlanItem) => ({ text: plain(itemSummary(i, 70)), value: i.id });
  const list = choices.slice(0, MAX_OPTIONS);
  const chooser: Block[] = list.length > 1
    ? [{
        type: 'input',
        block_id: ITEM_BLOCK,
        label: plain('Action or part'),
        element: { type: 'static_select', action_id: ITEM_BLOCK, options: list.map(itemOption), initial_option: itemOption(item) },
      }]
    : [mrkdwn(escapeMrkdwn(itemSummary(item, 280)))];
  return {
    type: 'modal',
    callback_id: UPDATE_MODAL,
    private_metadata: JSON.stringify(list.length > 1 ? { ...meta, itemIds: list.map((i) => i.id) } : meta),
    title: plain(list.length > 1 ? 'Update status' : `Update ${item.id}`, 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      ...chooser,
      { type: 'context', elements: [{ type: 'mrkdwn', text: truncateEscaped(`${list.length > 1 ? `Now (${item.id})` : 'Now'}: ${escapeMrkdwn(current ?? 'unknown — the database is not reachable right now')}`, 2000) }] },
      {
        type: 'input',
        block_id: STATUS_BLOCK,
        label: plain('Status'),
        element: {
          type: 'static_select',
          action_id: STATUS_BLOCK,
          placeholder: plain('Choose a status'),
          options: STATUSES.map(statusOption),
          ...(currentStatus ? { initial_option: statusOption(currentStatus) } : {}),
        },
      },
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        optional: true,
        label: plain('Reason or note'),
        hint: plain('Required for At risk and Off track.', 150),
        element: { type: 'plain_text_input', action_id: NOTE_BLOCK, multiline: true, max_length: MAX_NOTE_LENGTH },
      },
    ],
  };
}

/** The modal after a submission: the engine's answer (saved, or why not). */
export function resultModal(itemId: string, reply: Reply): types.ModalView {
  const blocks = renderReply(reply).flatMap((m) => m.blocks).filter((b) => b.type !== 'actions').slice(0, 100);
  return { type: 'modal', callback_id: `${UPDATE_MODAL}_done`, title: plain(`Update ${itemId}`, 24), close: plain('Done', 24), blocks };
}

export function savingModal(itemId: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: `${UPDATE_MODAL}_saving`,
    title: plain(`Update ${itemId}`, 24),
    close: plain('Close', 24),
    blocks: [mrkdwn('Saving… This takes longer than usual; this window will show the result.')],
  };
}

export interface HomeInput {
  plan: Plan;
  timeZone: string;
  actor?: Actor;
  statuses?: Map<string, StatusUpdate>;
  /** Why the tab cannot show everything (database down, Slack look-up failed). */
  problem?: string;
  /** The answer to a button pressed on this tab (e.g. "Signed off: 16 is now Complete."). */
  notice?: string;
  /** Overdue milestones per item (a flag beside the status). */
  overdue?: ReadonlyMap<string, number>;
  /** For a steward: completions awaiting sign-off, with their evidence and who claimed them. */
  awaiting?: { itemId: string; line: string }[];
}

/** The App Home tab: the viewer's agency's actions, each with its status and an Update button. */
export function homeView(input: HomeInput): types.HomeView {
  const { plan, actor, statuses } = input;
  const blocks: Block[] = [{ type: 'header', text: plain(plan.title.slice(0, 150), 150) }];
  const say = (text: string) => blocks.push(mrkdwn(text));
  if (input.problem) say(`:warning: ${escapeMrkdwn(input.problem)}`);
  if (input.notice) say(truncateEscaped(escapeMrkdwn(input.notice), LIMITS.sectionText));
  if (actor) {
    const agencies = actor.agencies.map((id) => plan.agency(id)?.name ?? id).join(', ');
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncateEscaped(escapeMrkdwn(`${actor.displayName}${actor.email ? ` · ${actor.email}` : ''}${agencies ? ` · ${agencies}` : ''}${actor.steward ? ' · plan steward' : ''}`), 2000) }],
    });
    if (!actor.email) {
      say('I could not verify your email address with Slack, so I cannot tell which agency you are in. You can still look things up with `/tsoc`.');
    } else if (actor.agencies.length === 0) {
      say(escapeMrkdwn(`Your email domain is not one of the plan's agencies. A plan steward can add you: /tsoc grant ${actor.email} <agency>.`));
    }
  }
  const mine = actor ? plan.items().filter((i) => i.coordinators.some((id) => actor.agencies.includes(id))) : [];
  if (mine.length > 0) {
    blocks.push({ type: 'divider' });
    say(`*Your agency's actions (${mine.length})*`);
    for (const item of mine.slice(0, 90)) {
      const late = input.overdue?.get(item.id) ?? 0;
      const status = statuses ? `${statusLine(statuses.get(item.id), plan, input.timeZone)}${late ? ` · ${overdueFlag(late)}` : ''}` : 'Status unknown right now';
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: truncateEscaped(`*${escapeMrkdwn(itemSummary(item, 150))}*\n${escapeMrkdwn(status)}`, LIMITS.sectionText) },
        accessory: { type: 'button', text: plain('Update status'), action_id: `${UPDATE_BUTTON}:${item.id}`, value: item.id },
      });
    }
  }
  if (actor?.steward && input.awaiting?.length) {
    blocks.push({ type: 'divider' });
    say(`*Awaiting your sign-off (${input.awaiting.length})*`);
    for (const a of input.awaiting.slice(0, 20)) {
      say(truncateEscaped(escapeMrkdwn(a.line), LIMITS.sectionText));
      // Each button sends the command as whoever presses it: only a steward's press does anything.
      blocks.push({
        type: 'actions',
        elements: [
          { type: 'button', text: plain(`Sign off ${a.itemId}`), action_id: `${SEND_COMMAND_BUTTON}:home-sign-off:${a.itemId}`, value: `sign off ${a.itemId}`, style: 'primary' },
          { type: 'button', text: plain(`Reject ${a.itemId}`), action_id: `${SEND_COMMAND_BUTTON}:home-reject:${a.itemId}`, value: `reject ${a.itemId}` },
        ],
      });
    }
    say(escapeMrkdwn('Or type /tsoc sign off <item> [note], or /tsoc reject <item> <reason> to send one back with the reason.'));
  }
  if (actor?.steward) say('As a plan steward you can update any action: `/tsoc update 7 on-track Team recruited`.');
  blocks.push({ type: 'divider' });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Ask anything with `/tsoc`, e.g. `/tsoc who coordinates 13b` or `/tsoc help`, or send me a direct message.' }] });
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

// Block Kit for a platform-neutral Reply: pure functions, no Slack calls.
// Every piece of text is escaped (escapeMrkdwn) and every block kept within
// Slack's limits; a reply too big for one message becomes several.
import type { types } from '@slack/bolt';
import { replyToText, type Reply, type UpdateEvent } from '../core/reply.js';
import { STATUS_LABELS } from '../core/status.js';
import { escapeMrkdwn, safeCut, truncateEscaped } from './mrkdwn.js';

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Plain-text fallback (notifications, screen readers, clients without blocks); escaped. */
  text: string;
  blocks: Block[];
}

/** Slack's documented limits (docs: Block Kit reference). */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonsPerActions: 25,
  fallbackText: 3000,
} as const;

/** action_id prefix of the "Update status" buttons (the item id follows a colon). */
export const UPDATE_BUTTON = 'tsoc_update_open';

/** action_id prefix of a suggested command's button ("Send: update 7 on-track"); the value is the command. */
export const SEND_COMMAND_BUTTON = 'tsoc_send_command';
/** Slack's limit on a button's value: a longer command is shown in the text only. */
const BUTTON_VALUE_MAX = 2000;

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Splits escaped lines into section texts of at most `max` characters (none empty or blank). */
export function chunkLines(lines: readonly string[], max: number = LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  const push = () => {
    if (current !== undefined && current.trim() !== '') chunks.push(current);
    current = undefined;
  };
  for (let line of lines) {
    while (line.length > max) {
      push();
      const head = safeCut(line, max);
      chunks.push(head);
      line = line.slice(head.length);
    }
    if (current === undefined) current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      push();
      current = line;
    }
  }
  push();
  return chunks;
}

function replyBlocks(reply: Reply): Block[] {
  const blocks: Block[] = [section(`*${truncateEscaped(escapeMrkdwn(reply.title), LIMITS.sectionText - 2)}*`)];
  for (const s of reply.sections) {
    const lines = s.heading ? [`*${escapeMrkdwn(s.heading)}*`, ...s.lines.map(escapeMrkdwn)] : s.lines.map(escapeMrkdwn);
    for (const text of chunkLines(lines)) blocks.push(section(text));
    const fields = (s.fields ?? []).map((f) => ({
      type: 'mrkdwn' as const,
      text: truncateEscaped(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText),
    }));
    for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
      blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
    }
  }
  const buttons = reply.actions
    .filter((a) => a.kind === 'update-status')
    .map((a) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: truncateEscaped(a.label, LIMITS.buttonText), emoji: false },
      action_id: `${UPDATE_BUTTON}:${a.itemId}`,
      // A digest's one button lists every item its form offers (the modal's item choice).
      value: a.choices && a.choices.length > 1 ? a.choices.join(',') : a.itemId,
    }));
  // A corrected command is never run on a guess: this button sends it, as the person's own.
  reply.actions.forEach((a, i) => {
    if (a.kind !== 'send-command' || !a.command || a.command.length > BUTTON_VALUE_MAX) return;
    buttons.push({
      type: 'button' as const,
      // The label carries what the person typed: escaped like every text we send (Slack keeps
      // &, < and > as entities in text objects); the value goes back on a click as it is.
      text: { type: 'plain_text' as const, text: truncateEscaped(escapeMrkdwn(a.label), LIMITS.buttonText), emoji: false },
      action_id: `${SEND_COMMAND_BUTTON}:${i}`,
      value: a.command,
    });
  });
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerActions) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.buttonsPerActions) });
  }
  return blocks;
}

/** Escaped plain text of a reply, cut to the fallback limit. */
export function fallbackText(reply: Reply): string {
  return truncateEscaped(escapeMrkdwn(replyToText(reply)), LIMITS.fallbackText);
}

/** One message per 50 blocks; the first carries the reply's plain-text fallback. */
export function renderReply(reply: Reply): SlackMessage[] {
  const blocks = replyBlocks(reply);
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
    messages.push({
      text: i === 0 ? fallbackText(reply) : `${truncateEscaped(escapeMrkdwn(reply.title), 200)} (continued)`,
      blocks: blocks.slice(i, i + LIMITS.blocksPerMessage),
    });
  }
  return messages;
}

/** "Jane Smith (Police) set 7 to On track — Team recruited", as the channel sees it. */
export function announcementText(event: UpdateEvent): string {
  const who = `${event.by}${event.agency ? ` (${event.agency})` : ''}`;
  return `${who} set ${event.itemId} to ${event.label ?? STATUS_LABELS[event.status]}${event.note ? ` — ${event.note}` : ''}`;
}

export function renderAnnouncement(event: UpdateEvent): SlackMessage {
  const text = truncateEscaped(escapeMrkdwn(announcementText(event)), LIMITS.sectionText);
  return { text, blocks: [section(text)] };
}

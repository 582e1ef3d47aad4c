// Adaptive Cards for a platform-neutral Reply: pure functions, no Teams calls.
// Every piece of text is cut (raw) and then escaped (escapeCardText); a reply
// too big for one card (Teams takes about 28 KB per card) becomes several.
import { replyToText, type Reply, type UpdateEvent } from '../core/reply.js';
import { STATUS_LABELS } from '../core/status.js';
import { CARD_VERSION, type AdaptiveCard, type CardAction, type CardElement, type TextBlock } from './adaptive-card.js';
import { escapeCardText, truncate } from './card-text.js';
import { updateForm, type FormOptions } from './update-form.js';

export const LIMITS = {
  /** JSON characters per card, well under Teams' ~28 KB so escaping and the envelope fit. */
  cardChars: 20_000,
  titleChars: 500,
  lineChars: 4_000,
  factTitleChars: 200,
  factValueChars: 2_000,
  fallbackChars: 2_000,
} as const;

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** The `verb` of a suggested command's button: a click sends the command as the person's own. */
export const SEND_VERB = 'tsoc.send';

export interface RenderOptions {
  /** Identifies this card instance in its update forms' submits (double-submit protection). */
  cardId: string;
  /** A channel or group chat: everyone sees the card, so its form says who may save. */
  shared?: boolean;
  /** Titles and coordinators for the forms. */
  describe?: FormOptions['describe'];
}

/** A code span that is one of our own hints: a command ("`update 7 on-track`") or the schedule ("`0 9 * * 1`"). */
const HINT_SPAN = /`((?:\/?tsoc\s+)?(?:help|who|show|list|search|find|update|status|history|whoami|subscribe|unsubscribe|subscriptions|digest|grant|revoke|tag|export|npx)\b[^`\n]*|[\d*][\d*/,\s-]*)`/gi;

/**
 * Commands in replies are written `like this` for Slack and the terminal; card text has no code
 * spans, so the backticks would show as they are. Around our own hints they go, the words stay.
 * Backticks anywhere else (people's notes) are kept, and shown exactly as typed.
 */
export function withoutCodeSpans(raw: string): string {
  return raw.replace(HINT_SPAN, '$1');
}

function textBlock(raw: string, max: number, extra: Partial<TextBlock> = {}): TextBlock {
  return { type: 'TextBlock', text: escapeCardText(truncate(withoutCodeSpans(raw), max)), wrap: true, ...extra };
}

function titleColour(reply: Reply): TextBlock['color'] {
  if (reply.ok) return undefined;
  return reply.code === 'unavailable' ? 'Warning' : 'Attention';
}

/** "Aroha Ngata (Police) set 7 to On track — Team recruited": who changed what, as the channel sees it. */
export function announcementText(event: UpdateEvent): string {
  const who = `${event.by}${event.agency ? ` (${event.agency})` : ''}`;
  return `${who} set ${event.itemId} to ${event.label ?? STATUS_LABELS[event.status]}${event.note ? ` — ${event.note}` : ''}`;
}

function bodyElements(reply: Reply): CardElement[] {
  const colour = titleColour(reply);
  const out: CardElement[] = [textBlock(reply.title, LIMITS.titleChars, { weight: 'Bolder', size: 'Medium', ...(colour ? { color: colour } : {}) })];
  // Teams has no ephemeral messages: the confirmation is what the channel sees, so it says who did it.
  const announced = reply.update && !reply.update.duplicate ? reply.update : undefined;
  if (announced) out.push({ type: 'TextBlock', text: escapeCardText(truncate(announcementText(announced), LIMITS.lineChars)), wrap: true, isSubtle: true, spacing: 'Small' });
  for (const s of reply.sections) {
    // The announcement carries the note already: once is enough.
    if (announced && !s.heading && !s.fields?.length && s.lines.length === 1 && s.lines[0] === announced.note) continue;
    if (s.heading) out.push(textBlock(s.heading, LIMITS.titleChars, { weight: 'Bolder', spacing: 'Medium' }));
    s.lines.forEach((line, i) => {
      if (line.trim() === '') return;
      out.push(textBlock(line, LIMITS.lineChars, { spacing: i === 0 && !s.heading ? 'Medium' : 'Small' }));
    });
    const facts = (s.fields ?? []).map((f) => ({
      title: escapeCardText(truncate(withoutCodeSpans(f.label), LIMITS.factTitleChars)),
      value: escapeCardText(truncate(withoutCodeSpans(f.value), LIMITS.factValueChars)),
    }));
    if (facts.length) out.push({ type: 'FactSet', facts });
  }
  return out;
}

function actionsOf(reply: Reply, options: RenderOptions): CardAction[] {
  const updates = reply.actions.filter((a) => a.kind === 'update-status');
  const form = { cardId: options.cardId, ...(options.shared ? { shared: true } : {}), ...(options.describe ? { describe: options.describe } : {}) };
  const forms: CardAction[] = updates.map((a) => updateForm(a, updates.length === 1 ? 'Update status' : a.label, form));
  // A corrected command is never run on a guess: this button sends it, as the person's own.
  const sends: CardAction[] = reply.actions
    .filter((a) => a.kind === 'send-command' && a.command)
    .map((a) => ({ type: 'Action.Submit', title: truncate(a.label, 60), data: { verb: SEND_VERB, command: a.command!, cardId: options.cardId } }));
  return [...forms, ...sends];
}

/** Escaped plain text of a reply for clients that cannot show the card. */
export function fallbackText(reply: Reply): string {
  return escapeCardText(truncate(withoutCodeSpans(replyToText(reply)), LIMITS.fallbackChars));
}

const size = (x: unknown) => JSON.stringify(x).length;

/** One card, or several when the reply is too long; the update forms go on the last. */
export function renderReply(reply: Reply, options: RenderOptions): AdaptiveCard[] {
  const elements = bodyElements(reply);
  const actions = actionsOf(reply, options);
  const budget = LIMITS.cardChars - size(actions) - LIMITS.fallbackChars * 2;
  const pages: CardElement[][] = [[]];
  let used = 0;
  for (const el of elements) {
    const n = size(el);
    if (used + n > budget && pages[pages.length - 1]!.length > 0) {
      pages.push([textBlock(`${reply.title} (continued)`, LIMITS.titleChars, { weight: 'Bolder' })]);
      used = size(pages[pages.length - 1]);
    }
    pages[pages.length - 1]!.push(el);
    used += n;
  }
  return pages.map((body, i) => ({
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: CARD_VERSION,
    fallbackText: i === 0 ? fallbackText(reply) : escapeCardText(truncate(`${reply.title} (continued)`, LIMITS.titleChars)),
    body,
    ...(i === pages.length - 1 && actions.length ? { actions } : {}),
  }));
}

// The "Update status" form on an action's card (or a digest's, listing the
// agency's items), and reading what it sends. Its Save is an Action.Execute
// (Adaptive Card Universal Actions): Teams sends an invoke and shows the card
// the bot answers with in place, so a form missing a reason stays open with
// the choice made and a message, and a saved one becomes the refreshed card.
// The data carries the card's own id, so a double click or a re-sent save of
// the same card by the same person is one request (saved once).
import type { ReplyAction } from '../core/reply.js';
import { STATUSES, STATUS_LABELS } from '../core/status.js';
import { MAX_NOTE_LENGTH } from '../core/text-input.js';
import { CARD_VERSION, type AdaptiveCard, type CardElement, type ExecuteAction, type ShowCardAction } from './adaptive-card.js';
import { escapeCardText, truncate } from './card-text.js';

/** The `verb` of the form's Save (teams-ai routes card actions by verb). */
export const UPDATE_VERB = 'tsoc.update';

const ITEM_ID = /^\d{1,2}[a-z]?$/i;
const CARD_ID = /^[A-Za-z0-9-]{1,64}$/;

export const ITEM_INPUT = 'item';
export const statusInputId = (itemId: string) => `status_${itemId}`;
export const reasonInputId = (itemId: string) => `reason_${itemId}`;

/** What the form may say about an item: its short title, and who may update it. */
export interface ItemInfo {
  title: string;
  /** "Inland Revenue and MBIE". */
  coordinators: string;
}

export interface FormOptions {
  cardId: string;
  /** In a channel or group chat: the form says who may save (everyone sees the same card). */
  shared?: boolean;
  describe?: (itemId: string) => ItemInfo | undefined;
}

/** What to show in an open form: the choices made so far and why it is still open. */
export interface FormState {
  item?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function saveAction(action: ReplyAction, cardId: string): ExecuteAction {
  // The verb also goes in the data: a client without Universal Actions sends it as a submit.
  const items: Record<string, string> = action.choices && action.choices.length > 1 ? { items: action.choices.join(',') } : {};
  const data = { verb: UPDATE_VERB, itemId: action.itemId, cardId, ...items };
  return { type: 'Action.Execute', title: 'Save', verb: UPDATE_VERB, data, fallback: { type: 'Action.Submit', title: 'Save', data } };
}

const text = (raw: string, extra: Partial<Extract<CardElement, { type: 'TextBlock' }>> = {}): CardElement => ({
  type: 'TextBlock', text: escapeCardText(truncate(raw, 2000)), wrap: true, ...extra,
});

/** The form's inputs (and, open after a problem, its message), starting from `state`. */
export function formBody(action: ReplyAction, options: FormOptions, state: FormState = {}): CardElement[] {
  const formItem = action.itemId;
  const body: CardElement[] = [];
  if (state.message) body.push(text(state.message, { color: 'Attention', weight: 'Bolder' }));
  const choices = action.choices && action.choices.length > 1 ? action.choices : undefined;
  if (choices) {
    body.push({
      type: 'Input.ChoiceSet', id: ITEM_INPUT, label: 'Action or part', style: 'compact', isRequired: true, errorMessage: 'Choose an action or part.',
      choices: choices.map((id) => ({ title: truncate(`${id} — ${options.describe?.(id)?.title ?? ''}`.replace(/ — $/, ''), 120), value: id })),
      value: state.item && choices.includes(state.item) ? state.item : formItem,
    });
  }
  const status = state.status && (STATUSES as readonly string[]).includes(state.status) ? state.status : action.current;
  body.push(
    {
      type: 'Input.ChoiceSet', id: statusInputId(formItem), label: choices ? 'New status' : `New status for ${formItem}`, style: 'compact',
      isRequired: true, errorMessage: 'Choose a status.',
      choices: STATUSES.map((s) => ({ title: STATUS_LABELS[s], value: s })),
      ...(status ? { value: status } : {}),
    },
    {
      type: 'Input.Text', id: reasonInputId(formItem), label: 'Reason (needed for At risk and Off track)', isMultiline: true,
      maxLength: MAX_NOTE_LENGTH, placeholder: 'e.g. Waiting on legal advice', ...(state.reason ? { value: state.reason } : {}),
    },
  );
  if (options.shared && !choices) {
    const who = options.describe?.(formItem)?.coordinators;
    if (who) body.push(text(`Members of ${who} (or a plan steward) can save this.`, { isSubtle: true, spacing: 'Small' }));
  }
  return body;
}

/** The ShowCard for one update-status action; `title` is "Update status" when the card has one such action. */
export function updateForm(action: ReplyAction, title: string, options: FormOptions): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title: truncate(title, 40),
    card: { type: 'AdaptiveCard', version: CARD_VERSION, body: formBody(action, options), actions: [saveAction(action, options.cardId)] },
  };
}

/** The form open on its own (the answer to a save that needs something more), keeping what was chosen. */
export function openFormCard(action: ReplyAction, options: FormOptions, state: FormState): AdaptiveCard {
  const item = state.item ?? action.itemId;
  const info = options.describe?.(item);
  return {
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body: [text(`Update ${item}${info ? ` — ${info.title}` : ''}`, { weight: 'Bolder', size: 'Medium' }), ...formBody(action, options, state)],
    actions: [saveAction(action, options.cardId)],
  };
}

export interface UpdateSubmission {
  /** The item the form was made for (its input ids name it). */
  formItem: string;
  /** The item to update: the one chosen in a form that lists several, else the form's. */
  itemId: string;
  cardId: string;
  status: string;
  reason: string;
  /** The items a digest's form listed (to show the form again). */
  choices?: string[];
}

function field(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads a submitted form; undefined when it is not one of ours (or was tampered with). */
export function readSubmission(value: unknown): UpdateSubmission | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const formItem = field(v.itemId);
  const cardId = field(v.cardId);
  if (v.verb !== UPDATE_VERB || !ITEM_ID.test(formItem) || !CARD_ID.test(cardId)) return undefined;
  const chosen = field(v[ITEM_INPUT]);
  if (chosen && !ITEM_ID.test(chosen)) return undefined;
  const choices = field(v.items).split(',').filter((id) => ITEM_ID.test(id)).slice(0, 100);
  return {
    formItem, itemId: chosen || formItem, cardId, ...(choices.length > 1 ? { choices } : {}),
    status: field(v[statusInputId(formItem)]), reason: field(v[reasonInputId(formItem)]),
  };
}

/** The command the form stands for: the engine validates it like typed text. */
export function submissionCommand(s: Pick<UpdateSubmission, 'itemId' | 'status' | 'reason'>): string {
  // A status from the choice set is one word; anything else is left for the engine to refuse.
  return ['update', s.itemId, s.status, s.reason.replace(/\s+/g, ' ')].filter(Boolean).join(' ');
}

// The "Update status" form on an action's card, and reading what it submits.
// The submit carries the card's own id, so a double click or a re-sent submit
// of the same card by the same person is one request (saved once).
import type { ReplyAction } from '../core/reply.js';
import { STATUSES, STATUS_LABELS } from '../core/status.js';
import { MAX_NOTE_LENGTH } from '../core/text-input.js';
import { CARD_VERSION, type ShowCardAction } from './adaptive-card.js';
import { truncate } from './card-text.js';

/** The `verb` of the form's Action.Submit (teams-ai routes card submits by verb). */
export const UPDATE_VERB = 'tsoc.update';

const ITEM_ID = /^\d{1,2}[a-z]?$/i;
const CARD_ID = /^[A-Za-z0-9-]{1,64}$/;

export const statusInputId = (itemId: string) => `status_${itemId}`;
export const reasonInputId = (itemId: string) => `reason_${itemId}`;

/** The ShowCard for one update-status action; `title` is "Update status" when the card has one such action. */
export function updateForm(action: ReplyAction, cardId: string, title: string): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title: truncate(title, 40),
    card: {
      type: 'AdaptiveCard',
      version: CARD_VERSION,
      body: [
        {
          type: 'Input.ChoiceSet',
          id: statusInputId(action.itemId),
          label: `New status for ${action.itemId}`,
          style: 'compact',
          isRequired: true,
          errorMessage: 'Choose a status.',
          choices: STATUSES.map((s) => ({ title: STATUS_LABELS[s], value: s })),
        },
        {
          type: 'Input.Text',
          id: reasonInputId(action.itemId),
          label: 'Reason (needed for At risk and Off track)',
          isMultiline: true,
          maxLength: MAX_NOTE_LENGTH,
          placeholder: 'e.g. Waiting on legal advice',
        },
      ],
      actions: [{ type: 'Action.Submit', title: 'Save', data: { verb: UPDATE_VERB, itemId: action.itemId, cardId } }],
    },
  };
}

export interface UpdateSubmission {
  itemId: string;
  cardId: string;
  status: string;
  reason: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads a submitted form; undefined when it is not one of ours (or was tampered with). */
export function readSubmission(value: unknown): UpdateSubmission | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const itemId = text(v.itemId);
  const cardId = text(v.cardId);
  if (v.verb !== UPDATE_VERB || !ITEM_ID.test(itemId) || !CARD_ID.test(cardId)) return undefined;
  return { itemId, cardId, status: text(v[statusInputId(itemId)]), reason: text(v[reasonInputId(itemId)]) };
}

/** The command the form stands for: the engine validates it like typed text. */
export function submissionCommand(s: UpdateSubmission): string {
  // A status from the choice set is one word; anything else is left for the engine to refuse.
  return ['update', s.itemId, s.status, s.reason.replace(/\s+/g, ' ')].filter(Boolean).join(' ');
}

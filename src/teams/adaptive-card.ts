// The small part of the Adaptive Card schema the bot uses (version 1.5, which
// Teams desktop, web and mobile render), and the attachment that carries a card.

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_VERSION = '1.5';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium';
  color?: 'Attention' | 'Warning' | 'Good';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Medium';
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface ChoiceSetInput {
  type: 'Input.ChoiceSet';
  id: string;
  label: string;
  style: 'compact';
  isRequired: boolean;
  errorMessage: string;
  choices: { title: string; value: string }[];
  /** The choice shown selected when the card opens. */
  value?: string;
}

export interface TextInput {
  type: 'Input.Text';
  id: string;
  label: string;
  isMultiline: boolean;
  maxLength: number;
  placeholder: string;
  value?: string;
}

export type CardElement = TextBlock | FactSet | ChoiceSetInput | TextInput;

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: Record<string, string>;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
}

/**
 * Universal Actions: Teams sends an `adaptiveCard/action` invoke and shows the card the bot answers
 * with in place of this one, so a form can stay open with a message or refresh after a save.
 */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, string>;
  /** For a client without Universal Actions: the same save as a submit (a new card answers it). */
  fallback?: SubmitAction;
}

export type CardAction = SubmitAction | ShowCardAction | ExecuteAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  version: string;
  /** Shown by clients that cannot render the card; escaped like card text. */
  fallbackText?: string;
  body: CardElement[];
  actions?: CardAction[];
}

export interface CardAttachment {
  contentType: typeof CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

export function cardAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

// The teams-ai Application: which handler answers which activity. Each
// selector excludes the others, so the order of the routes does not matter.
import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { TeamsContext } from './context.js';
import { onOtherSubmit, onUpdateExecute, onUpdateSubmit } from './handlers/card-submit.js';
import { onInstallationUpdate, onMembersAdded } from './handlers/installation.js';
import { onMessage } from './handlers/message.js';
import { UPDATE_VERB } from './update-form.js';

/** A card's Action.Submit arrives as a message with a value object and no text. */
export function isCardSubmit(turn: TurnContext): boolean {
  const a = turn.activity;
  return a.type === ActivityTypes.Message && !a.text && typeof a.value === 'object' && a.value !== null;
}

const isTypedMessage = async (turn: TurnContext) => turn.activity.type === ActivityTypes.Message && !isCardSubmit(turn);
const isOtherSubmit = async (turn: TurnContext) => isCardSubmit(turn) && (turn.activity.value as { verb?: unknown }).verb !== UPDATE_VERB;
const isInstallationUpdate = async (turn: TurnContext) => turn.activity.type === ActivityTypes.InstallationUpdate;

export function createApplication(adapter: TeamsAdapter, botAppId: string, ctx: TeamsContext): Application {
  const app = new Application({
    adapter,
    botAppId,
    // Mentions are handled by commandText (the bot's removed, other people's kept as tokens).
    removeRecipientMention: false,
    // teams-ai 1.7.4's run() starts its typing indicator whatever this says; it only shows
    // "typing…" while a slow answer is on its way, so it is left at that.
    startTypingTimer: false,
    longRunningMessages: false,
  });
  // Universal Actions (Action.Execute): the card answered with replaces the one pressed.
  app.adaptiveCards.actionExecute(UPDATE_VERB, (turn, _state, data) => onUpdateExecute(ctx, turn, data));
  app.adaptiveCards.actionSubmit(UPDATE_VERB, (turn, _state, data) => onUpdateSubmit(ctx, turn, data));
  app.activity(isOtherSubmit, (turn) => onOtherSubmit(ctx, turn));
  app.activity(isTypedMessage, (turn) => onMessage(ctx, turn));
  app.conversationUpdate('membersAdded', (turn) => onMembersAdded(ctx, turn));
  app.activity(isInstallationUpdate, (turn) => onInstallationUpdate(ctx, turn));
  return app;
}

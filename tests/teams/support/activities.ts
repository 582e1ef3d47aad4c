// Bot Framework activities as Teams sends them, and what the bot's cards say.
import { randomUUID } from 'node:crypto';
import type { Member } from './fake-connector.js';

export const TENANT = 'tenant-nz';
export const BOT = { id: '28:tsoc-bot', name: 'TSOC' };

export const PEOPLE = {
  police: { id: '29:police-aroha', name: 'Aroha Ngata', aadObjectId: 'aad-police-aroha', email: 'Aroha.Ngata@police.govt.nz' },
  ird: { id: '29:ird-megan', name: 'Megan Bowen', aadObjectId: 'aad-ird-megan', email: 'megan.bowen@ird.govt.nz' },
  /** No email in Teams: the userPrincipalName is used instead. */
  customsUpn: { id: '29:customs-isaiah', name: 'Isaiah Langer', aadObjectId: 'aad-customs-isaiah', userPrincipalName: 'isaiah.langer@customs.govt.nz' },
  outsider: { id: '29:someone', name: 'Some One', aadObjectId: 'aad-someone', email: 'some.one@example.com' },
} satisfies Record<string, Member>;

export type Person = Member;

export interface ConversationOptions {
  id?: string;
  type?: 'personal' | 'groupChat' | 'channel';
  tenantId?: string;
  /** channelData.tenant.id when it differs from the conversation's. */
  channelTenantId?: string;
  teamId?: string;
}

function conversationParts(serviceUrl: string, options: ConversationOptions = {}) {
  const type = options.type ?? 'personal';
  const tenantId = options.tenantId ?? TENANT;
  return {
    channelId: 'msteams',
    serviceUrl,
    recipient: BOT,
    conversation: { id: options.id ?? `a:${type}-${randomUUID()}`, conversationType: type, tenantId, ...(type !== 'personal' ? { isGroup: true } : {}) },
    channelData: {
      tenant: { id: options.channelTenantId ?? tenantId },
      ...(options.teamId ? { team: { id: options.teamId }, channel: { id: options.id } } : {}),
    },
  };
}

export function message(serviceUrl: string, from: Person, text: string, options: ConversationOptions & { activityId?: string; mentions?: Person[] | 'bot' } = {}) {
  const entities: unknown[] = [];
  let body = text;
  if (options.mentions === 'bot') {
    body = `<at>${BOT.name}</at> ${text}`;
    entities.push({ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT });
  }
  return {
    type: 'message',
    id: options.activityId ?? randomUUID(),
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    text: body,
    textFormat: 'plain',
    entities,
    ...conversationParts(serviceUrl, options),
  };
}

export function cardSubmit(serviceUrl: string, from: Person, value: Record<string, unknown>, replyToId: string, options: ConversationOptions = {}) {
  return {
    type: 'message',
    id: randomUUID(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    replyToId,
    value,
    ...conversationParts(serviceUrl, options),
  };
}

/** An Action.Execute press (Universal Actions): an `adaptiveCard/action` invoke carrying the action's data and the inputs. */
export function cardExecute(serviceUrl: string, from: Person, data: Record<string, unknown>, replyToId: string, options: ConversationOptions = {}) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    replyToId,
    value: { action: { type: 'Action.Execute', verb: data.verb, data } },
    ...conversationParts(serviceUrl, options),
  };
}

export function botAdded(serviceUrl: string, by: Person, options: ConversationOptions = {}) {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    from: { id: by.id, name: by.name, aadObjectId: by.aadObjectId },
    membersAdded: [{ id: BOT.id }],
    ...conversationParts(serviceUrl, options),
  };
}

export function installationUpdate(serviceUrl: string, by: Person, action: 'add' | 'remove', options: ConversationOptions = {}) {
  return {
    type: 'installationUpdate',
    id: randomUUID(),
    action,
    from: { id: by.id, name: by.name, aadObjectId: by.aadObjectId },
    ...conversationParts(serviceUrl, options),
  };
}

export async function post(botUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
}

// --- reading the cards the bot sent -------------------------------------------------

export interface SentCard {
  type: string;
  version: string;
  fallbackText?: string;
  body: { type: string; text?: string; facts?: { title: string; value: string }[]; weight?: string; color?: string }[];
  actions?: { type: string; title: string; card?: SentCard; data?: Record<string, string> }[];
}

export function cardOf(body: Record<string, unknown>): SentCard {
  const attachments = body.attachments as { contentType: string; content: SentCard }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`no Adaptive Card in ${JSON.stringify(body).slice(0, 300)}`);
  return card.content;
}

/** Undo escapeCardText, so a test can read a card as a person sees it. */
export function unescapeCardText(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()~#|!.+-])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A card's words, one line per element, as shown to a person. */
export function cardText(card: SentCard): string {
  return card.body
    .flatMap((el) => (el.text !== undefined ? [el.text] : (el.facts ?? []).map((f) => `${f.title}: ${f.value}`)))
    .map(unescapeCardText)
    .join('\n');
}

export function cardTitle(card: SentCard): string {
  return unescapeCardText(card.body[0]?.text ?? '');
}

// From a Teams message to command text: the bot's own @mention is removed
// (channels need it; the command does not), other people's mentions become a
// token the engine can ask about ("grant @Jane police"), and a leading /tsoc
// is left for the parser, which strips it.
import type { Activity } from 'botbuilder';

interface MentionEntity {
  type: 'mention';
  text?: string;
  mentioned?: { id?: string; name?: string };
}

function mentions(activity: Partial<Activity>): MentionEntity[] {
  return (activity.entities ?? []).filter((e): e is MentionEntity => (e as { type?: string }).type === 'mention');
}

/** `<@teams:29:1abc>`: a person mentioned in a command, resolved through mentionedUserId. */
export function mentionToken(userId: string): string {
  return `<@teams:${userId}>`;
}

/** The Teams user id in a mention token, or undefined when `text` is not one. */
export function mentionedUserId(text: string): string | undefined {
  return /^<@teams:([^\s<>]+)>$/.exec(text.trim())?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text the engine should run for a message activity. */
export function commandText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const m of mentions(activity)) {
    if (typeof m.text !== 'string' || !m.text) continue; // an entity Teams would not send: the text stays as typed
    const isBot = !m.mentioned?.id || m.mentioned.id === botId;
    text = text.replace(new RegExp(escapeRegExp(m.text), 'g'), isBot ? ' ' : ` ${mentionToken(m.mentioned!.id!)} `);
  }
  // Teams may follow a mention with a non-breaking space written as an entity. Only a
  // leading one is removed: anything else is what the person typed, kept literally.
  return text.replace(/^(?:\s|&nbsp;)+/, '').replace(/\s+/g, ' ').trim();
}

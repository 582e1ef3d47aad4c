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

/** Teams allows 20 mentions in a message; entities past this many are not read (their text stays as typed). */
export const MAX_MENTIONS = 50;

interface Taken {
  start: number;
  end: number;
  replacement: string;
}

function overlap(taken: readonly Taken[], at: number, length: number): Taken | undefined {
  return at < 0 ? undefined : taken.find((t) => at < t.end && at + length > t.start);
}

/**
 * The text the engine should run for a message activity. Each mention entity stands for one
 * place in the text: the first occurrence of its text not already taken by an earlier entity,
 * replaced there only. At most MAX_MENTIONS searches of the message, so the work is linear in
 * its length, and two people whose mentions read the same ("<at>Jane</at>") keep their own ids.
 */
export function commandText(activity: Partial<Activity>): string {
  const text = activity.text ?? '';
  const botId = activity.recipient?.id;
  const taken: Taken[] = [];
  const searchFrom = new Map<string, number>();
  for (const m of mentions(activity).slice(0, MAX_MENTIONS)) {
    if (typeof m.text !== 'string' || !m.text) continue; // an entity Teams would not send: the text stays as typed
    let at = text.indexOf(m.text, searchFrom.get(m.text) ?? 0);
    // Another entity's text may contain this one's: skip places already taken.
    for (let clash = overlap(taken, at, m.text.length); at >= 0 && clash; clash = overlap(taken, at, m.text.length)) at = text.indexOf(m.text, clash.end);
    if (at < 0) continue; // not in the message (any more): nothing to replace
    searchFrom.set(m.text, at + m.text.length);
    const isBot = !m.mentioned?.id || m.mentioned.id === botId;
    taken.push({ start: at, end: at + m.text.length, replacement: isBot ? ' ' : ` ${mentionToken(m.mentioned!.id!)} ` });
  }
  taken.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let cursor = 0;
  for (const t of taken) {
    parts.push(text.slice(cursor, t.start), t.replacement);
    cursor = t.end;
  }
  parts.push(text.slice(cursor));
  // Teams may follow a mention with a non-breaking space written as an entity. Only a
  // leading one is removed: anything else is what the person typed, kept literally.
  return parts.join('').replace(/^(?:\s|&nbsp;)+/, '').replace(/\s+/g, ' ').trim();
}

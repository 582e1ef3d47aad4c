// The platform-neutral answer every command returns. Text here is plain and
// unescaped: each renderer escapes for its own surface.
import type { Status } from './status.js';

export type ReplyCode =
  | 'ok'
  | 'unknown-command'
  | 'unknown-item'
  | 'needs-part'
  | 'bad-status'
  | 'needs-reason'
  | 'bad-input'
  | 'ambiguous-agency'
  | 'unknown-agency'
  | 'not-permitted'
  | 'no-identity'
  | 'unavailable';

export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplySection {
  heading?: string;
  lines: string[];
  fields?: ReplyField[];
}

/**
 * A button or card action a surface may offer: "Update status" on an action card, or
 * "send-command" — a command the person may send as it stands, e.g. the corrected form of a
 * mistyped update. The bot never writes on a guess, so the surface offers a button that sends it
 * (the CLI prints it to paste). One shape for both keeps every surface's existing code valid.
 */
export interface ReplyAction {
  kind: 'update-status' | 'send-command';
  /** update-status: the item whose form opens (the first of `choices` when there are several); send-command: the item the command is about ('' when none). */
  itemId: string;
  label: string;
  /** send-command: the exact command text the button sends. */
  command?: string;
  /** update-status: several items to choose from in one form (a digest: every item of the agency). */
  choices?: string[];
  /** update-status: the status of `itemId` now, for the form to start from (absent: unknown). */
  current?: Status;
}

/** What a saved update looks like to the people who should hear about it. */
export interface UpdateEvent {
  itemId: string;
  status: Status;
  note: string;
  by: string;
  agency?: string;
  at: Date;
  /** true when this request had already been applied (a retry or replay). */
  duplicate: boolean;
  /** The status as people read it ("Complete (awaiting sign-off)"); absent: the status's own label. */
  label?: string;
}

export interface Reply {
  ok: boolean;
  code: ReplyCode;
  title: string;
  sections: ReplySection[];
  actions: ReplyAction[];
  /** Set when an update was saved, so a surface can announce it in the channel. */
  update?: UpdateEvent;
  /** Only for the asker's eyes (a sign-in link): surfaces never show it to a whole channel. */
  private?: boolean;
}

/** A reply that answered: a title, then any sections and buttons. */
export function okReply(title: string, sections: ReplySection[] = [], actions: ReplyAction[] = []): Reply {
  return { ok: true, code: 'ok', title, sections, actions };
}

/** A reply that could not answer: why (code and title) and what would work (lines). */
export function failureReply(code: Exclude<ReplyCode, 'ok'>, title: string, ...lines: string[]): Reply {
  return { ok: false, code, title, sections: lines.length ? [{ lines }] : [], actions: [] };
}

/** Plain text of a reply, used by the CLI and as every platform's fallback text. */
export function replyToText(reply: Reply): string {
  const out: string[] = [reply.title];
  for (const s of reply.sections) {
    out.push('');
    if (s.heading) out.push(s.heading);
    out.push(...s.lines);
    for (const f of s.fields ?? []) out.push(`${f.label}: ${f.value}`);
  }
  return out.join('\n').trimEnd();
}

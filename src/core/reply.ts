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

/** A button or card action a surface may offer (e.g. "Update status" on an action card). */
export interface ReplyAction {
  kind: 'update-status';
  /** The item the form opens on (the first of `choices` when there are several). */
  itemId: string;
  label: string;
  /** Several items to choose from in one form (a digest: every item of the agency). */
  choices?: string[];
  /** The status of `itemId` now, for the form to start from (absent: unknown). */
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
}

export interface Reply {
  ok: boolean;
  code: ReplyCode;
  title: string;
  sections: ReplySection[];
  actions: ReplyAction[];
  /** Set when an update was saved, so a surface can announce it in the channel. */
  update?: UpdateEvent;
}

export function answer(title: string, sections: ReplySection[] = [], actions: ReplyAction[] = []): Reply {
  return { ok: true, code: 'ok', title, sections, actions };
}

export function failure(code: Exclude<ReplyCode, 'ok'>, title: string, ...lines: string[]): Reply {
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

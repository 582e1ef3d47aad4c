// Reading the object of a command: an item reference, an "as of" date, the
// status and reason of an update however they were joined.
import { readItemRef } from '../item-ref.js';
import { readStatus } from '../status.js';
import { stripTrailingPunctuation } from '../text-input.js';

/** True when the text is exactly one item reference ("7", "13b", "action 13(b)"). */
export function isItemRef(text: string): boolean {
  const read = readItemRef(text);
  return read !== undefined && read.rest === '';
}

/** Words that mean "the whole plan" where an item could go. */
export const WHOLE_PLAN = /^(?:the\s+)?(?:plan|whole\s+plan|overall|everything|all|all\s+actions|the\s+lot|tsoc|tsoc\s+plan|action\s+plan)$/i;

/** "7 as of last week" → target "7", asOf "last week". */
export function splitAsOf(text: string): { target: string; asOf?: string } {
  const m = /^(.*?)\s*\bas\s+(?:of|at)\s+(.+)$/i.exec(text);
  if (m) return { target: stripTrailingPunctuation(m[1]!), asOf: stripTrailingPunctuation(m[2]!) };
  return { target: stripTrailingPunctuation(text) };
}

/**
 * An update's words in the order `update` reads them: "action 7 to on track", "7 as at risk
 * because funding delayed", "7 status to green" → "action 7 on-track", "7 at-risk funding delayed".
 * Text it cannot read is returned as typed, for `update` to explain.
 */
export function normaliseUpdate(text: string): string {
  const read = readItemRef(text);
  if (!read) return text.trim();
  const rest = read.rest
    .replace(/^(?:status\s+)?(?:to|as|is|=|->|→|:)\s*/i, '')
    .replace(/^status\s+/i, '')
    .replace(/^(?:now|being)\s+/i, '');
  const status = readStatus(rest);
  if (!status) return `${read.ref.raw} ${read.rest}`.trim();
  const note = status.rest.replace(/^(?:because(?:\s+of)?|b\/c|cos|since|reason:?|-+|–|—)\s*/i, (m) => (/of\s*$/i.test(m) ? 'Because of ' : ''));
  return [read.ref.raw, status.status, note].filter(Boolean).join(' ');
}

/** "7 is at risk - funding delayed": a statement of status (a write when it is not asked). */
export function readStatement(text: string): { ref: string; rest: string; joined: boolean } | undefined {
  const read = readItemRef(text);
  if (!read || read.rest === '') return undefined;
  const m = /^(?:is|are|has\s+been|was|now|=|->|→|:)\s+(?:now\s+)?(.*)$/i.exec(read.rest);
  const rest = m ? m[1]! : read.rest;
  const status = readStatus(rest);
  if (!status) return undefined;
  return { ref: read.ref.raw, rest: rest.trim(), joined: m !== null };
}

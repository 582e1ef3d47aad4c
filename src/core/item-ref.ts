// Reading "13b", "13 b", "13(b)", "action 13B", "#7" from command text.
export interface ItemRef {
  action: number;
  letter?: string;
  /** The text as the user wrote it, for error messages. */
  raw: string;
}

// An optional "action"/"#", the number, then an optional single letter (bare,
// in brackets, or after a dot) that is not the start of a longer word.
const LEADING_REF = /^(?:action\s*|#\s*)?(\d{1,4})(?:\s*[.(]?\s*([a-z])\s*\)?(?=$|[\s?.,:;!]))?/i;

/** Reads an item reference at the start of `text`; returns it and the rest of the text. */
export function readItemRef(text: string): { ref: ItemRef; rest: string } | undefined {
  const trimmed = text.trim();
  const m = LEADING_REF.exec(trimmed);
  if (!m) return undefined;
  const rest = trimmed.slice(m[0].length);
  if (rest && !/^[\s?.,:;!)]/.test(rest)) return undefined; // "7x" is not a reference
  const ref: ItemRef = { action: Number(m[1]), raw: m[0].trim() };
  if (m[2]) ref.letter = m[2].toLowerCase();
  return { ref, rest: rest.replace(/^[\s?.,:;!)]+/, '').trim() };
}

/** A whole text that is exactly one item reference (trailing "?" allowed). */
export function parseItemRef(text: string): ItemRef | undefined {
  const read = readItemRef(text);
  return read && read.rest === '' ? read.ref : undefined;
}

export function itemId(ref: { action: number; letter?: string }): string {
  return `${ref.action}${ref.letter ?? ''}`;
}

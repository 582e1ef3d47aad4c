// Cleaning what people type before it is parsed or stored.
export const MAX_COMMAND_LENGTH = 4000;
export const MAX_NOTE_LENGTH = 1000;

// C0 and C1 control characters other than tab and newline.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Control characters become spaces and broken UTF-16 becomes U+FFFD; words are kept. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, ' ');
}

/** Command text as the parser sees it: cleaned, one line, single spaces. */
export function normaliseCommand(text: string): string {
  return cleanText(text)
    .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Strips a trailing question mark or full stop from a look-up's argument. */
export function stripTrailingPunctuation(text: string): string {
  return text.replace(/[\s?!.]+$/, '').trim();
}

// What people wrap a command in: the bot's name, greetings, "please", "can you",
// "I'd like to", and a "thanks" at the end. Taken off before the rules run.

const PREFIX = /^\/?tsoc\b[\s:,]*/i;
const LEADING_FILLERS = [
  /^(?:hi|hello|hey|kia ora|morena|mōrena|g'?day)\b[\s,!:]+(?:there[\s,!:]+|team[\s,!:]+|bot[\s,!:]+)?(?=\S)/i,
  /^(?:please|pls|plz|kindly|just|quickly|ok(?:ay)?|so|um+|er+|and|also)\b[\s,]+/i,
  /^(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?/i,
  /^(?:i\s+(?:want|need|would\s+like|wanna)\s+to|i'?d\s+like\s+to|i'?m\s+(?:trying|looking)\s+to|let\s+me|help\s+me|i\s+want|i\s+need)\s+/i,
  /^(?:can|could|may)\s+i\s+(?:please\s+)?(?:see|get|have)\s+/i,
  // "tell me who coordinates 7": the question itself follows.
  /^(?:tell|show)\s+me\s+(?=(?:who|what|which|how|where|whether|if)\b)/i,
  /^(?:do\s+you\s+know|any\s*idea)\s+(?=(?:who|what|which|how|where)\b)/i,
];
const TRAILING_FILLERS = /[\s,]+(?:please|pls|plz|thanks|thank\s+you|ta|cheers|for\s+me|mate)[\s.!]*$/i;

/**
 * Folds typographic apostrophes and quotes into plain ones so one pattern reads both. One code
 * unit for one, so a position in the folded text is the same position in the text as typed:
 * what is kept (a note, an email) is taken from the text as typed, never from the folded one.
 */
export function plainPunctuation(text: string): string {
  return text.replace(/[’‘`´]/g, "'").replace(/[“”]/g, '"');
}

/** Where the command sits once the bot's name and polite wrapping are off: [start, end) of `text`. */
export function fillerFreeRange(text: string): [number, number] {
  let start = 0;
  let t = text;
  const cutFront = (next: string) => {
    start += t.length - next.length;
    t = next;
  };
  cutFront(t.replace(PREFIX, ''));
  for (let changed = true; changed; ) {
    changed = false;
    for (const filler of LEADING_FILLERS) {
      const next = t.replace(filler, '');
      if (next !== t && next.trim() !== '') {
        cutFront(next);
        changed = true;
      }
    }
  }
  const trimmed = t.replace(TRAILING_FILLERS, '');
  if (trimmed.trim() !== '') t = trimmed;
  cutFront(t.replace(/^\s+/, ''));
  return [start, start + t.trimEnd().length];
}


// Correcting misspelt command words, carefully. Short words are too close to
// each other to guess (see/set, how/show, why/who, tab/tag, bank/back), so only
// words long enough to be unambiguous, or misspellings we know, are corrected;
// a word we already know is never changed; and a word near two known words
// (a look-up and a write, say) is left alone.

/** Words that start or shape a look-up. Never corrected, and candidates for correction. */
export const LOOKUP_WORDS = [
  'help', 'show', 'list', 'search', 'find', 'status', 'history', 'whoami', 'changes', 'changed',
  'describe', 'coordinates', 'coordinate', 'coordinating', 'responsible', 'success', 'preview',
  'subscriptions', 'digest', 'actions', 'updates', 'updated', 'happening', 'progress', 'export',
  'report', 'audit', 'commands', 'details', 'stale', 'priority',
] as const;

/** Verbs that change stored data: a corrected one is shown to the person, never run. */
export const WRITE_WORDS = ['update', 'grant', 'revoke', 'subscribe', 'unsubscribe'] as const;

/** Misspellings seen in practice, including short ones too risky to guess by distance. */
export const KNOWN_MISSPELLINGS: Readonly<Record<string, string>> = {
  updte: 'update', upate: 'update', udpate: 'update', updaet: 'update', upadte: 'update', updat: 'update', updatte: 'update', uppdate: 'update',
  stauts: 'status', satus: 'status', staus: 'status', statsu: 'status', sttaus: 'status', statys: 'status', stautus: 'status',
  serach: 'search', seach: 'search', saerch: 'search', searhc: 'search', serch: 'search', sreach: 'search',
  histroy: 'history', hisotry: 'history', hstory: 'history', histry: 'history', histoy: 'history',
  lsit: 'list', lits: 'list', lisst: 'list',
  shwo: 'show', sohw: 'show', hsow: 'show', shoe: 'show', shw: 'show',
  hlep: 'help', hepl: 'help', hlp: 'help', hellp: 'help',
  chnages: 'changes', cahnges: 'changes', chagnes: 'changes', chanegs: 'changes', chnaged: 'changed',
  whomai: 'whoami', whoaim: 'whoami', hwoami: 'whoami', wohami: 'whoami',
  gratn: 'grant', garnt: 'grant', grnat: 'grant',
  revoek: 'revoke', rvoke: 'revoke',
  subscibe: 'subscribe', subcribe: 'subscribe', susbcribe: 'subscribe',
  cordinates: 'coordinates', coordinaets: 'coordinates', cooridnates: 'coordinates', coordiantes: 'coordinates',
  fnid: 'find', fidn: 'find',
};

const VOCABULARY: readonly string[] = [...LOOKUP_WORDS, ...WRITE_WORDS];
/** Words the grammar reads as they are (short verbs, question words): never corrected. */
const KNOWN = new Set<string>([
  ...VOCABULARY, 'set', 'tag', 'mark', 'change', 'move', 'flag', 'who', 'what', 'whats', "what's", 'which', 'how',
  'is', 'are', 'me', 'ls', 'of', 'for', 'the', 'a', 'an', 'to', 'as', 'on', 'in', 'at', 'by', 'show', 'tell', 'anything',
  'everything', 'unsubscribe', 'subscription', 'subscribed', 'update', 'history', 'whos', "who's", 'does', 'do', 'did',
  'leads', 'lead', 'owns', 'runs', 'since', 'new', 'news', 'latest', 'recent', 'progress',
]);

/** Restricted Damerau–Levenshtein distance (adjacent swaps count as one), stopping early past `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How far a word of this length may be from the one meant: none for short words. */
function allowance(length: number): number {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** The one command word `word` misspells, or undefined when it is known, too short or ambiguous. */
export function correctWord(word: string): string | undefined {
  const w = word.toLowerCase();
  if (KNOWN.has(w) || !/^[a-z]+$/.test(w)) return undefined;
  const known = KNOWN_MISSPELLINGS[w];
  if (known) return known;
  const max = allowance(w.length);
  if (max === 0) return undefined;
  const near = VOCABULARY.filter((v) => editDistance(w, v, max) <= max);
  return near.length === 1 ? near[0] : undefined;
}

/**
 * Corrects the command words at the start of a text (the first, and the second after a known
 * first word like "who" or "digest"), leaving the rest (targets, notes) as typed. Undefined when
 * nothing was corrected.
 */
export function correctCommandWords(text: string): string | undefined {
  const words = text.split(' ');
  let changed = false;
  for (let i = 0; i < Math.min(2, words.length); i++) {
    const fixed = correctWord(words[i]!);
    if (fixed) {
      words[i] = fixed;
      changed = true;
    } else if (!KNOWN.has(words[i]!.toLowerCase())) {
      break;
    }
  }
  return changed ? words.join(' ') : undefined;
}

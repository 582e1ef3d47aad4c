// fast-check generators for command text: the grammar's own words (verbs,
// references 0–200 in every written form, statuses and their aliases, agency
// names, areas, dates, emails and mentions) shuffled together with junk, and
// raw text from every corner of Unicode, broken UTF-16 included.
import fc from 'fast-check';
import { HOSTILE_FRAGMENTS } from './hostile-text.js';

const VERBS = [
  'update', 'set', 'show', 'who coordinates', 'who leads', 'who is responsible for', 'coordinators of', 'list', 'ls', 'actions',
  'search', 'find', 'find for', 'status', 'history', 'grant', 'revoke', 'tag', 'whoami', 'who am i', 'me', 'help', '?', 'action',
  'what is', "what's", 'what does success look like for', 'success for', 'what does', 'coordinate', 'subscribe', 'unsubscribe',
  'subscriptions', 'digest preview', 'digest status', 'tsoc', '/tsoc', 'please', 'can you', 'as of', 'as at', '#',
];

const STATUSES = [
  'not-started', 'not started', 'notstarted', 'not yet started', 'on-track', 'on track', 'ontrack', 'green', 'at-risk', 'at risk',
  'atrisk', 'amber', 'off-track', 'off track', 'offtrack', 'red', 'delayed', 'behind', 'complete', 'completed', 'done',
  // near misses
  'on-trak', 'ON-TRACK', 'greenish', 'complete!', 'at-risk:', 'off—track', 'blue', 'risk', 'track',
];

const AGENCIES = [
  'police', 'Police', 'NZ Police', 'customs', 'NZCS', 'MBIE', 'IRD', 'IR', 'Inland Revenue', 'MoJ', 'justice', 'MoT', 'MNZ', 'GCSB',
  'NZDF', 'Defence Force', 'MoH', 'health', 'corrections', 'MFAT', 'tsoc', 'TSOC Department/Agency', 'TSOC Agency', 'ACC', 'INZ',
  'WorkSafe', 'all', 'first priority', 'second priority', 'at-risk', 'stale', 'ministry', 'new zealand',
];

const AREAS = ['unify', 'prevent', 'detect', 'dismantle', 'international', 'border', 'national', 'community', 'none', 'clear', 'DETECT'];

const DATES = ['2026-10-01', '1 Oct', '1 October 2026', 'yesterday', 'last week', 'today', '31 Feb', '9999-99-99', '0000-00-00', '1970-01-01', 'Infinity', '-1'];

const PEOPLE = [
  'jane.smith@police.govt.nz', 'ivan@customs.govt.nz', 'someone@example.com', 'x@y', '@', 'a@b.c', '<@U0JANE>', '<@U0JANE|jane>', '<@U0NOBODY>',
  '<mailto:jane@police.govt.nz|jane@police.govt.nz>', '<@teams:29:police-aroha>', '<!channel>',
];

/** An action or part reference as people write it: 13b, 13 b, 13(b), 13.b, action 13B, #13, and nonsense numbers. */
export const itemRef: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 200 }), fc.constantFrom(0, 99, 100, 1000, 9999, 10000)),
    fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'z', 'A', 'B'), { nil: undefined }),
    fc.constantFrom('', 'action ', 'Action', '#', '# ', 'action  '),
    fc.constantFrom('{n}{l}', '{n} {l}', '{n}({l})', '{n}.{l}', '{n}( {l} )', '{n}{l}?', '{n}{l}x'),
  )
  .map(([n, letter, prefix, form]) => `${prefix}${letter ? form.replace('{n}', String(n)).replace('{l}', letter) : String(n)}`);

const junkWord = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(...HOSTILE_FRAGMENTS),
);

const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 4, arbitrary: itemRef },
  { weight: 3, arbitrary: fc.constantFrom(...STATUSES) },
  { weight: 2, arbitrary: fc.constantFrom(...AGENCIES) },
  { weight: 1, arbitrary: fc.constantFrom(...AREAS) },
  { weight: 1, arbitrary: fc.constantFrom(...DATES) },
  { weight: 1, arbitrary: fc.constantFrom(...PEOPLE) },
  { weight: 2, arbitrary: junkWord },
);

const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', ',', ', ', ' : ', '\u200b', '\u3000');

/** Grammar words and junk in any order, joined by odd whitespace. */
export const grammarSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(word, separator), { minLength: 0, maxLength: 9 })
  .map((parts) => parts.map(([w, s]) => w + s).join('').trim());

/** A verb of the grammar first, then anything: reaches every command's argument handling. */
export const verbFirst: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...VERBS), separator, grammarSoup)
  .map(([verb, sep, rest]) => `${verb}${sep}${rest}`);

/** Text shaped like an update (so that a good share of runs really saves): verb, reference, status, note. */
export const updateLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('update', 'set', 'UPDATE', 'please update', '/tsoc update', 'tsoc: set', 'update action'),
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom('5', '6', '7', '10', '13b', '13 b', '13(b)', '3', '14c', '1a', '16', '18', '12') }, { weight: 1, arbitrary: itemRef }),
    fc.constantFrom(...STATUSES),
    fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE_FRAGMENTS), grammarSoup),
  )
  .map(([verb, ref, status, note]) => `${verb} ${ref} ${status} ${note}`);

/** UTF-16 code units, any of them: lone surrogates, controls, noncharacters. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Raw text: full Unicode, broken UTF-16, and only-whitespace or only-punctuation strings. */
export const rawText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: codeUnit, maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '?', '.', '!', '\u00a0', '\u200b', '\ufeff', '(', ')', '#', '-'), maxLength: 20 }),
);

/** Everything a person (or an attacker) might type. */
export const commandText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: grammarSoup },
  { weight: 3, arbitrary: verbFirst },
  { weight: 3, arbitrary: updateLike },
  { weight: 2, arbitrary: rawText },
  { weight: 1, arbitrary: fc.tuple(grammarSoup, rawText, grammarSoup).map((p) => p.join(' ')) },
);

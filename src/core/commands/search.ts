// `search money laundering`, `find maritime`, `search gangs`: every word must
// match an item's title, text, success statements or theme — in any word form
// ("gangs" finds gang), with small misspellings forgiven ("metamphetamine"),
// and every spelling of methamphetamine (the source's "METHAMPHETIMINE" too).
// Matches in the text or success statements rank above the theme; items that
// match only through their action's theme are grouped on one line. MiniSearch
// indexes the plan's items once per plan.
import MiniSearch, { type SearchResult } from 'minisearch';
import { itemSummary } from '../describe.js';
import type { Plan, PlanItem } from '../plan/plan.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import type { CommandContext } from './context.js';

/** Every spelling of methamphetamine people (and the source) use, as one word. */
const METH = /\b(?:meth?amph?et[aie]?m[iy]ne?s?|meth?amfet[aie]?m[iy]ne?s?|meth)\b/g;

/** Lower-case, plain punctuation, no macrons; every methamphetamine spelling reads as "methamphetamine". */
export function normaliseForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(METH, 'methamphetamine')
    .trim();
}

const STOP = new Set(['a', 'an', 'and', 'the', 'of', 'to', 'in', 'on', 'for', 'or', 'with', 'by', 'at', 'is', 'are', 'be', 'as', 'from', 'that', 'this', 'its', 'it', 'into']);

/** A light English stemmer: enough that gangs/gang, launders/laundering/laundered meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function processTerm(term: string): string | null {
  const w = normaliseForSearch(term);
  if (w === '' || STOP.has(w)) return null;
  return stem(w);
}

interface Doc {
  id: string;
  title: string;
  text: string;
  success: string;
  theme: string;
}

const FIELDS = ['title', 'text', 'success', 'theme'] as const;
const LABEL: Record<(typeof FIELDS)[number], string> = { title: 'title', text: 'text', success: 'success', theme: 'theme' };

const indexes = new WeakMap<Plan, MiniSearch<Doc>>();

function indexOf(plan: Plan): MiniSearch<Doc> {
  let index = indexes.get(plan);
  if (index) return index;
  index = new MiniSearch<Doc>({
    fields: [...FIELDS],
    // Splitting on anything but letters and digits keeps "13(b)" and "anti-money" apart.
    tokenize: (text) => normaliseForSearch(text).split(' '),
    processTerm,
  });
  index.addAll(plan.items().map((item) => ({
    id: item.id,
    title: item.title ?? '',
    text: item.part ? `${item.action.text} ${item.text}` : item.text,
    success: [...item.success, ...(item.part ? item.action.success : [])].join(' '),
    theme: item.action.theme ?? '',
  })));
  indexes.set(plan, index);
  return index;
}

/** Edits forgiven per word: none for short words, where a slip makes another word. */
const fuzzy = (term: string) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);

function fieldsOf(result: SearchResult): Set<string> {
  const fields = new Set<string>();
  for (const list of Object.values(result.match)) for (const f of list) fields.add(f);
  return fields;
}

export async function search(cmd: { query: string }, ctx: CommandContext): Promise<Reply> {
  const query = normaliseForSearch(cmd.query);
  if (!query) return failureReply('bad-input', 'What should I search for?', 'For example `search money laundering` or `find maritime`.');
  if (query.length > 200) return failureReply('bad-input', 'That search is too long.', 'Use a few words, e.g. `search beneficial ownership`.');
  const results = indexOf(ctx.plan).search(query, {
    combineWith: 'AND',
    fuzzy,
    boost: { title: 3, text: 3, success: 3, theme: 1 },
  });
  const byId = new Map(ctx.plan.items().map((i) => [i.id, i] as const));
  const phrase = ` ${query} `;
  const hits: { item: PlanItem; where: string[]; score: number }[] = [];
  const themeOnly = new Map<string, PlanItem[]>();
  for (const r of results) {
    const item = byId.get(String(r.id));
    if (!item) continue;
    const fields = fieldsOf(r);
    if (fields.size === 1 && fields.has('theme')) {
      const theme = item.action.theme ?? '';
      themeOnly.set(theme, [...(themeOnly.get(theme) ?? []), item]);
      continue;
    }
    // The words together, as typed, rank first.
    const inPhrase = [item.title ?? '', item.text, item.action.text, ...item.success].some((t) => ` ${normaliseForSearch(t)} `.includes(phrase));
    hits.push({ item, where: FIELDS.filter((f) => fields.has(f)).map((f) => LABEL[f]), score: r.score + (inPhrase ? 1000 : 0) });
  }
  if (hits.length === 0 && themeOnly.size === 0) {
    return failureReply('bad-input', `Nothing in the plan matches "${cmd.query}".`, 'Try fewer or different words, e.g. `search money laundering`.');
  }
  hits.sort((x, y) => y.score - x.score);
  const lines = hits.map((h) => `${itemSummary(h.item)} (in ${h.where.join(', ')})`);
  for (const [theme, items] of themeOnly) {
    const actions = [...new Set(items.map((i) => i.action.number))];
    lines.push(`Also under the theme "${theme}": action${actions.length === 1 ? '' : 's'} ${actions.join(', ')} (the words appear only in the theme)`);
  }
  const title = hits.length
    ? `${hits.length} match${hits.length === 1 ? '' : 'es'} for "${cmd.query}"`
    : `No item mentions "${cmd.query}" itself, but a theme does`;
  return okReply(title, [{ lines }]);
}

// `search money laundering`, `find maritime`: every word must appear in an
// item's text, title, theme or success statements.
import { itemSummary } from '../describe.js';
import type { PlanItem } from '../plan/load-plan.js';
import { answer, failure, type Reply } from '../reply.js';
import type { CommandContext } from './context.js';

/** Lower-case, plain punctuation; the source's "METHAMPHETIMINE" reads as "methamphetamine". */
export function normaliseForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/methamphet[ai]mine/g, 'methamphetamine')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function searchable(item: PlanItem): { where: string; text: string }[] {
  const a = item.action;
  return [
    { where: 'title', text: item.title ?? '' },
    { where: 'theme', text: a.theme ?? '' },
    { where: 'text', text: item.part ? `${a.text} ${item.text}` : item.text },
    { where: 'success', text: [...item.success, ...(item.part ? a.success : [])].join(' ') },
  ].map((f) => ({ where: f.where, text: ` ${normaliseForSearch(f.text)} ` }));
}

export async function search(cmd: { query: string }, ctx: CommandContext): Promise<Reply> {
  const query = normaliseForSearch(cmd.query);
  if (!query) return failure('bad-input', 'What should I search for?', 'For example `search money laundering` or `find maritime`.');
  if (query.length > 200) return failure('bad-input', 'That search is too long.', 'Use a few words, e.g. `search beneficial ownership`.');
  const words = query.split(' ');
  const hits: { item: PlanItem; score: number; where: string[] }[] = [];
  for (const item of ctx.plan.items()) {
    const fields = searchable(item);
    const all = fields.map((f) => f.text).join(' ');
    if (!words.every((w) => all.includes(` ${w}`))) continue;
    const where = fields.filter((f) => words.some((w) => f.text.includes(` ${w}`))).map((f) => f.where);
    const phrase = fields.some((f) => f.text.includes(` ${query} `));
    hits.push({ item, score: (phrase ? 10 : 0) + where.length, where });
  }
  if (hits.length === 0) {
    return failure('bad-input', `Nothing in the plan matches "${cmd.query}".`, 'Try fewer or different words, e.g. `search money laundering`.');
  }
  hits.sort((x, y) => y.score - x.score);
  return answer(`${hits.length} match${hits.length === 1 ? '' : 'es'} for "${cmd.query}"`, [
    { lines: hits.map((h) => `${itemSummary(h.item)} (in ${h.where.join(', ')})`) },
  ]);
}

// Forgiving agency names: ids, short names, full names, acronyms, domains, and
// unambiguous partial names ("inland" → Inland Revenue; "ministry" is ambiguous).
import type { Agency } from './plan/plan-schema.js';

export type AgencyMatch =
  | { kind: 'found'; agency: Agency }
  | { kind: 'ambiguous'; candidates: Agency[] }
  | { kind: 'none' };

// Macrons and case do not matter: "Nga Pirihimana" is "Ngā Pirihimana".
const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9/&.@ -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^the /, '')
    .trim();

/** Some write a long vowel doubled ("Te Ope Kaatua"): for Māori names, "aa" reads as "ā". */
const single = (s: string) => s.replace(/([aeiou])\1/g, '$1');

function terms(agency: Agency): string[] {
  return [agency.id, agency.name, agency.shortName, ...agency.aliases, ...agency.domains].map(norm);
}

function maoriTerms(agency: Agency): string[] {
  return (agency.maoriNames ?? []).map((n) => single(norm(n.name)));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function resolveAgency(agencies: readonly Agency[], text: string): AgencyMatch {
  const wanted = norm(text).replace(/^@/, '');
  if (!wanted) return { kind: 'none' };
  const wantedMaori = single(wanted);
  const exact = agencies.filter((a) => terms(a).includes(wanted) || maoriTerms(a).includes(wantedMaori));
  if (exact.length === 1) return { kind: 'found', agency: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact };
  if (wanted.length < 3) return { kind: 'none' };
  // Whole-word partial matches: "inland" matches "inland revenue", "ministry" matches five,
  // "Ngā Pirihimana" matches Police, "Manatū" matches three.
  const word = new RegExp(`(^|[ /])${escapeRegExp(wanted)}($|[ /])`);
  const maoriWord = new RegExp(`(^|[ /])${escapeRegExp(wantedMaori)}($|[ /])`);
  const partial = agencies.filter((a) => terms(a).some((t) => word.test(t)) || maoriTerms(a).some((t) => maoriWord.test(t)));
  if (partial.length === 1) return { kind: 'found', agency: partial[0]! };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial };
  return { kind: 'none' };
}

export function agencyNames(agencies: readonly Agency[]): string {
  return listJoin(agencies.map((a) => a.shortName));
}

/** "A", "A and B", "A, B and C". */
export function listJoin(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

// Loads the plan's data file: zod validation (plan-schema.ts) plus the
// cross-reference checks a schema cannot express, then wraps the data in a
// Plan (plan.ts). Pure except readPlanFile.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plan } from './plan.js';
import { planSchema, type PlanData } from './plan-schema.js';

/** The data file, relative to the project root. */
export const PLAN_DATA_FILE = 'data/tsoc-action-plan-2026-2030.json';

export interface PlanIssue {
  /** Where in the data, e.g. `actions[12].parts[1].coordinators[0]`; '' for the root. */
  path: string;
  message: string;
}

/** Thrown by loadPlan/readPlanFile; `path` names the first offending place in the data. */
export class PlanDataError extends Error {
  readonly path: string;
  readonly issues: readonly PlanIssue[];

  constructor(issues: readonly PlanIssue[], source?: string) {
    const first = issues[0] ?? { path: '', message: 'invalid plan data' };
    const where = (i: PlanIssue) => `${i.path || '(root)'}: ${i.message}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1, 6).map(where).join('; ')})` : '';
    super(`Invalid plan data${source ? ` in ${source}` : ''} at ${where(first)}${more}`);
    this.name = 'PlanDataError';
    this.path = first.path;
    this.issues = issues;
  }
}

/** `['actions', 12, 'parts', 1]` → `actions[12].parts[1]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function crossCheck(data: PlanData): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const add = (path: readonly PropertyKey[], message: string) => issues.push({ path: formatPath(path), message });

  // Agencies: unique ids; ids, names, short names and aliases unique across agencies (case-insensitively);
  // unique domains.
  const agencyIds = new Map<string, number>();
  const terms = new Map<string, number>();
  const domains = new Map<string, number>();
  data.agencies.forEach((agency, i) => {
    const prevId = agencyIds.get(agency.id);
    if (prevId !== undefined) add(['agencies', i, 'id'], `duplicate agency id "${agency.id}" (also agencies[${prevId}])`);
    else agencyIds.set(agency.id, i);

    const named: [PropertyKey[], string][] = [
      [['agencies', i, 'id'], agency.id],
      [['agencies', i, 'name'], agency.name],
      [['agencies', i, 'shortName'], agency.shortName],
      ...agency.aliases.map((a, j): [PropertyKey[], string] => [['agencies', i, 'aliases', j], a]),
    ];
    const own = new Set<string>();
    for (const [path, term] of named) {
      if (term !== term.trim() || /\s{2,}/.test(term)) add(path, `"${term}" must be trimmed, without double spaces`);
      const key = term.trim().toLowerCase();
      if (own.has(key)) continue; // the same agency may repeat a term (e.g. short name as alias)
      own.add(key);
      const other = terms.get(key);
      if (other !== undefined) add(path, `"${term}" is also a name or alias of agencies[${other}] (${data.agencies[other]?.id})`);
      else terms.set(key, i);
    }
    agency.domains.forEach((domain, j) => {
      const other = domains.get(domain);
      if (other !== undefined && other !== i) add(['agencies', i, 'domains', j], `domain "${domain}" also belongs to agencies[${other}]`);
      else domains.set(domain, i);
    });
  });

  const checkCoordinators = (path: PropertyKey[], ids: readonly string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, k) => {
      if (!agencyIds.has(id)) add([...path, k], `unknown agency id "${id}"`);
      if (seen.has(id)) add([...path, k], `agency "${id}" listed twice`);
      seen.add(id);
    });
  };

  data.actions.forEach((action, i) => {
    const at = ['actions', i];
    const expected = i + 1;
    if (action.number !== expected) add([...at, 'number'], `expected action ${expected}, found ${action.number}`);
    const tier = action.number <= 9 ? 'first' : 'second';
    if (action.tier !== tier) add([...at, 'tier'], `action ${action.number} is ${tier} priority, not ${action.tier}`);
    if (tier === 'first' && action.theme === undefined) add([...at, 'theme'], `first-priority action ${action.number} needs a theme`);
    if (tier === 'second' && action.theme !== undefined) add([...at, 'theme'], `second-priority action ${action.number} has no theme`);

    if (action.parts.length > 0) {
      if (action.coordinators.length > 0) add([...at, 'coordinators'], 'an action with parts has no coordinators of its own (they sit on its parts)');
    } else if (action.coordinators.length === 0) {
      add([...at, 'coordinators'], 'an action without parts needs at least one coordinator');
    }
    checkCoordinators([...at, 'coordinators'], action.coordinators);

    action.parts.forEach((part, j) => {
      const letter = String.fromCharCode('a'.charCodeAt(0) + j);
      if (part.letter !== letter) add([...at, 'parts', j, 'letter'], `expected part "${letter}", found "${part.letter}"`);
      checkCoordinators([...at, 'parts', j, 'coordinators'], part.coordinators);
    });
  });
  return issues;
}

/** Validates raw plan data (schema + cross-references); throws PlanDataError naming the offending path. */
export function loadPlan(raw: unknown, source?: string): Plan {
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PlanDataError(
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
      source,
    );
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new PlanDataError(issues, source);
  return new Plan(parsed.data);
}

/**
 * Finds the data file by walking up from this module's folder (src/core/plan when run from
 * source, dist/src/core/plan when compiled) to the first folder holding PLAN_DATA_FILE.
 */
export function defaultPlanPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; ) {
    const candidate = join(dir, PLAN_DATA_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`Cannot find ${PLAN_DATA_FILE} in ${here} or any folder above it`);
}

/** Reads and validates the plan data file (default: the project's data file). */
export function readPlanFile(path?: string | URL): Plan {
  const file = path === undefined ? defaultPlanPath() : path instanceof URL ? fileURLToPath(path) : path;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read plan data file ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`Plan data file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return loadPlan(raw, file);
}

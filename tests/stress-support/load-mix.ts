// A realistic, reproducible mix of what staff send: mostly look-ups, some
// status updates from several agencies' people (some refused, some invalid,
// some replayed or re-sent). Seeded, so a failing run can be repeated exactly.
import { ALL_ITEMS, type AGENCIES, itemsNotOf, itemsOf, type Person } from './people.js';

export type Surface = 'slack' | 'teams';
/** What the request is, and so what its answer must be. */
export type Intent = 'lookup' | 'update' | 'refused' | 'invalid' | 'replay';

export interface Job {
  n: number;
  surface: Surface;
  intent: Intent;
  text: string;
  person: Person;
  /** Slack channel or Teams conversation the request comes from. */
  channel: string;
  /** Updates: the unique tag at the start of the note (finds the record in the database). */
  tag?: string;
  /** Replays: the job whose request is sent again (same trigger id / activity id). */
  replayOf?: number;
  /** Look-ups: what the answer must contain. */
  expect?: RegExp;
}

export interface MixOptions {
  seed: number;
  slack: number;
  teams: number;
  people: Person[];
  /** Share of requests that are updates (of any kind); the rest are look-ups. */
  updateShare: { slack: number; teams: number };
  slackChannels: string[];
  teamsConversation(person: Person, n: number): string;
}

/** mulberry32: small, fast, and the same sequence everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEARCH_TERMS = ['money laundering', 'maritime', 'methamphetamine', 'border', 'intelligence', 'gangs', 'firearms', 'cyber'];
const STATUSES = ['on-track', 'on track', 'green', 'at-risk', 'amber', 'off-track', 'complete', 'not-started'];
const NOTES = ['Team recruited', 'Waiting on legal advice', 'Funding confirmed', 'Pilot under way in Auckland', 'Data-sharing agreement signed', 'Delayed by procurement'];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function lookup(rnd: () => number, agencyName: string): { text: string; expect: RegExp } {
  const item = pick(rnd, ALL_ITEMS);
  const action = item.replace(/[a-z]$/, '');
  const r = rnd();
  if (r < 0.2) return { text: `who coordinates ${item}`, expect: new RegExp(`${item} (is|are) coordinated by`) };
  if (r < 0.38) return { text: `show ${action}`, expect: new RegExp(`Action ${action}\\b`) };
  if (r < 0.5) return { text: `list ${agencyName}`, expect: /coordinate|Action|\d/ };
  if (r < 0.58) return { text: pick(rnd, ['list at-risk', 'list stale', 'list first priority']), expect: /./ };
  if (r < 0.7) return { text: `search ${pick(rnd, SEARCH_TERMS)}`, expect: /./ };
  if (r < 0.8) return { text: rnd() < 0.5 ? 'status' : `status ${item}`, expect: /./ };
  if (r < 0.92) return { text: `history ${item}`, expect: new RegExp(`${item}`) };
  return { text: 'whoami', expect: /./ };
}

function status(rnd: () => number): string {
  return pick(rnd, STATUSES);
}

export function buildMix(o: MixOptions): Job[] {
  const rnd = random(o.seed);
  const staff = o.people.filter((p) => p.agency !== 'steward');
  const jobs: Job[] = [];
  const updates: Record<Surface, Job[]> = { slack: [], teams: [] };
  const total = o.slack + o.teams;
  // Interleaved: each position is Slack or Teams in proportion, so both run throughout.
  let left = { slack: o.slack, teams: o.teams };
  for (let n = 0; n < total; n++) {
    const surface: Surface = rnd() * (left.slack + left.teams) < left.slack ? 'slack' : 'teams';
    left = { ...left, [surface]: left[surface] - 1 };
    const person = pick(rnd, staff);
    const agency = person.agency as (typeof AGENCIES)[number];
    const channel = surface === 'slack' ? pick(rnd, o.slackChannels) : o.teamsConversation(person, n);
    const base = { n, surface, person, channel };
    const share = o.updateShare[surface];
    if (rnd() >= share) {
      jobs.push({ ...base, intent: 'lookup', ...lookup(rnd, agency) });
      continue;
    }
    const kind = rnd();
    const tag = `ld-${surface[0]}${n}`;
    if (kind < 0.08 && updates[surface].length > 0) {
      // A replay / re-send of an earlier update or refusal (same trigger id or activity id).
      const original = pick(rnd, updates[surface]);
      jobs.push({ ...original, n, intent: 'replay', replayOf: original.n });
      continue;
    }
    let job: Job;
    if (kind < 0.78) {
      const item = pick(rnd, itemsOf(agency));
      const s = status(rnd);
      job = { ...base, intent: 'update', tag, text: `update ${item} ${s} ${tag} ${pick(rnd, NOTES)}` };
    } else if (kind < 0.93) {
      const item = pick(rnd, itemsNotOf(agency));
      job = { ...base, intent: 'refused', tag, text: `update ${item} on-track ${tag} Not ours to update` };
    } else {
      // Invalid: an unknown status, or an action that has parts.
      job = rnd() < 0.5
        ? { ...base, intent: 'invalid', tag, text: `update ${pick(rnd, itemsOf(agency))} sideways ${tag}` }
        : { ...base, intent: 'invalid', tag, text: `update 13 on-track ${tag}` };
    }
    jobs.push(job);
    if (job.intent === 'update' || job.intent === 'refused') updates[surface].push(job);
  }
  return jobs;
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

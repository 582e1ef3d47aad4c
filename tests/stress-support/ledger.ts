// The load generator's books: what each request was, what the person was told,
// and — compared with the database afterwards, by request key — whether the
// record holds exactly the updates people were told were saved.
import type { Db } from 'mongodb';
import type { Intent, Surface } from './load-mix.js';

/** What an answer told the person, read as they would read it. */
/** `reached`: the update is stored, its audit entry not yet written (the database stopped in between). */
export type Told = 'saved' | 'already-saved' | 'reached' | 'refused' | 'invalid' | 'unavailable' | 'unconfirmed' | 'answer' | 'nothing';

export function classify(text: string): Told {
  if (!text.trim()) return 'nothing';
  if (/Already saved: \S+ is /.test(text)) return 'already-saved';
  if (/\bSaved: \S+ is now /.test(text)) return 'saved';
  if (/cannot tell whether it was saved/.test(text)) return 'unconfirmed';
  if (/This reached the database, but/.test(text)) return 'reached';
  if (/nothing was saved|not reachable|Something went wrong|did not tell me who you are/.test(text)) return 'unavailable';
  if (/You can(?:'|’)t update/.test(text)) return 'refused';
  if (/is not a status|has parts — update one of them|needs a reason/.test(text)) return 'invalid';
  return 'answer';
}

export interface Entry {
  n: number;
  surface: Surface;
  intent: Intent;
  bot: number;
  /** The request key the bot stores an update under (trigger id / activity id). */
  key: string;
  tag?: string;
  status: number;
  /** Slack: until the acknowledgement; Teams: until the HTTP answer. */
  ackMs: number;
  /** Until the person had the answer. */
  answerMs: number;
  late: boolean;
  told: Told;
  text: string;
  /** A look-up whose answer lacked what it should say. */
  wrongAnswer?: boolean;
  error?: string;
  sentAt: number;
}

/** Updates people were told were saved ("Saved:" or "Already saved:"), by request key. */
export function acknowledgedKeys(entries: readonly Entry[]): Set<string> {
  // Told it reached the database (stored, its audit entry to follow): that is a promise it is there.
  return new Set(entries.filter((e) => e.told === 'saved' || e.told === 'already-saved' || e.told === 'reached').map((e) => e.key));
}

export interface StoredUpdate {
  requestKey: string;
  itemId: string;
  note: string;
  status: string;
  at: Date;
}

export async function storedUpdates(db: Db, keyPrefixes: readonly string[] = ['slack:', 'teams:']): Promise<StoredUpdate[]> {
  const docs = await db
    .collection('status_updates')
    .find({}, { projection: { _id: 0, requestKey: 1, itemId: 1, note: 1, status: 1, at: 1 } })
    .toArray();
  return (docs as unknown as StoredUpdate[]).filter((d) => keyPrefixes.some((p) => d.requestKey.startsWith(p)));
}

export interface Reconciliation {
  acknowledged: number;
  stored: number;
  /** Told saved, not in the database. */
  lost: string[];
  /** In the database, never told saved. */
  unacknowledged: string[];
  /** The same request stored more than once, or one note stored under two keys. */
  duplicates: string[];
  /** Refused or invalid requests that left a record. */
  refusedStored: string[];
}

export function reconcile(entries: readonly Entry[], stored: readonly StoredUpdate[]): Reconciliation {
  const acked = acknowledgedKeys(entries);
  const byKey = new Map<string, number>();
  const byTag = new Map<string, Set<string>>();
  for (const s of stored) {
    byKey.set(s.requestKey, (byKey.get(s.requestKey) ?? 0) + 1);
    const tag = /^(ld-\S+|flt-\S+)/.exec(s.note)?.[1];
    if (tag) (byTag.get(tag) ?? byTag.set(tag, new Set()).get(tag)!).add(s.requestKey);
  }
  const refusedKeys = new Set(entries.filter((e) => e.intent === 'refused' || e.intent === 'invalid').map((e) => e.key));
  return {
    acknowledged: acked.size,
    stored: byKey.size,
    lost: [...acked].filter((k) => !byKey.has(k)),
    unacknowledged: [...byKey.keys()].filter((k) => !acked.has(k)),
    duplicates: [
      ...[...byKey].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`),
      ...[...byTag].filter(([, keys]) => keys.size > 1).map(([tag, keys]) => `${tag} under ${keys.size} keys`),
    ],
    refusedStored: [...refusedKeys].filter((k) => byKey.has(k)),
  };
}

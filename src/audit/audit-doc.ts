// How audit entries are stored: one document per entry, or one block document
// for entries appended together, under the first entry's sequence number
// written as a fixed-width string (it sorts as the number does, and FerretDB
// finds a string _id by index: docs/decisions/0017).
import type { AuditEntry } from './audit-entry.js';

/** One entry, or several appended together, stored under the first one's sequence number. */
export type EntryDoc<Id = string> = (AuditEntry & { _id: Id }) | { _id: Id; block: AuditEntry[] };

const ID_DIGITS = 12;

/** The _id an entry (or a block starting with it) is stored under. */
export function auditId(seq: number): string {
  return String(seq).padStart(ID_DIGITS, '0');
}

/** Every _id a sequence number can be stored under, as a range (a string put there by hand may fall outside). */
export const AUDIT_ID_RANGE = { $gte: auditId(0), $lte: '9'.repeat(ID_DIGITS) };

/** The sequence number a stored _id stands for; NaN for one that is no audit id (put there by hand). */
export function seqOf(id: unknown): number {
  return typeof id === 'string' && id.length === ID_DIGITS && /^\d+$/.test(id) ? Number(id) : Number.NaN;
}

/** The entries a stored document holds, in order. */
export function entriesOf(doc: EntryDoc<unknown>): AuditEntry[] {
  if ('block' in doc) return doc.block;
  const { _id, ...entry } = doc;
  return [entry];
}

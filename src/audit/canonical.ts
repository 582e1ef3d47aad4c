// The canonical serialisation an audit entry's hash is taken over: JSON with
// object keys in sorted order, dates as ISO-8601 UTC strings and absent
// (undefined or null) fields left out — so the same entry always gives the same bytes,
// whoever wrote it and however the database returned it.
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalValue(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // A database may hand an absent field back as null: both mean "not there".
      if (v !== undefined && v !== null) out[key] = canonicalValue(v);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

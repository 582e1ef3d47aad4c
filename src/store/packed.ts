// The projections' copies of updates (the current status, each history
// version, each request key's update) are stored as one BSON binary value
// rather than as nested documents. FerretDB 1.x turns every field of a
// document into JSON with a type schema on the way in and back on the way out,
// and reads every document of a collection for any filter but `_id` alone:
// measured on the CI machine with the plan's 26 current statuses, a
// conditional update 4.0 → 1.5–2.2 ms, reading them all 6.1 → 2.1–2.5 ms; a
// history version's insert 4.5 → 1.8 ms and its read by `_id` 6.4 → 1.7 ms
// (docs/decisions/0014).
// Nothing filters on the packed fields; the update log itself stays field by
// field. Values read back are the same: BSON keeps ObjectIds and Dates.
import { BSON, Binary } from 'mongodb';

/** Stored packed; documents written before packing hold the value itself, and still read. */
export type Packed<T> = T | Binary;

export function pack<T>(value: T): Binary {
  return new Binary(BSON.serialize({ v: value }));
}

export function unpack<T>(stored: Packed<T>): T {
  if (!(stored instanceof Binary)) return stored;
  return BSON.deserialize(stored.buffer).v as T;
}

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

/** Each update's own serialization, kept while the update object lives (updates are never changed once made). */
const serialized = new WeakMap<object, Uint8Array>();

function serializedOnce(doc: object): Uint8Array {
  let bytes = serialized.get(doc);
  if (!bytes) {
    bytes = BSON.serialize(doc);
    serialized.set(doc, bytes);
  }
  return bytes;
}

/**
 * The same bytes as pack(list), made from each element's serialization kept from the last time it
 * was packed: a history version carries 24 of the last version's 25 updates, and serializing them
 * all again was most of the CPU between the log's answer and the history's insert.
 * BSON: { v: [ e0, e1, … ] } is int32 size, 0x04 "v\0", the array as a document whose keys are
 * "0", "1", … (each 0x03 key\0 and the element's own document bytes), then 0x00.
 */
export function packList<T extends object>(list: readonly T[]): Binary {
  const elements = list.map((doc, i) => ({ key: Buffer.from(`${i}\0`, 'latin1'), bytes: serializedOnce(doc) }));
  const arraySize = 4 + elements.reduce((n, e) => n + 1 + e.key.length + e.bytes.length, 0) + 1;
  const total = 4 + 1 + 2 + arraySize + 1;
  const out = Buffer.allocUnsafe(total);
  let at = out.writeInt32LE(total, 0);
  out[at++] = 0x04; // array
  at += out.write('v\0', at, 'latin1');
  at = out.writeInt32LE(arraySize, at);
  for (const { key, bytes } of elements) {
    out[at++] = 0x03; // embedded document
    at += key.copy(out, at);
    out.set(bytes, at);
    at += bytes.length;
  }
  out[at++] = 0x00; // end of the array
  out[at++] = 0x00; // end of { v }
  return new Binary(out);
}

export function unpack<T>(stored: Packed<T>): T {
  if (!(stored instanceof Binary)) return stored;
  return BSON.deserialize(stored.buffer).v as T;
}

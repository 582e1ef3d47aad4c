// Maps the driver's connection failures to the core's StoreUnavailableError,
// so the core can tell users "not saved" without knowing about MongoDB.
import { MongoError, MongoServerError } from 'mongodb';
import { StoreUnavailableError } from '../core/store-port.js';

export const DUPLICATE_KEY = 11000;

/** Socket errors the driver can let through unwrapped when the server vanishes mid-write (seen: EPIPE). */
const NETWORK_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (typeof code === 'string' && NETWORK_CODES.has(code)) || /ECONNREFUSED|ECONNRESET|EPIPE|topology|closed/i.test(err.message);
}

/**
 * Failures that happen before a command is sent (no server to send it to, the pool or the client
 * closed): the database certainly did not make the write. Any other failure of a write may have
 * come after the server made it.
 */
const NOT_SENT = new Set(['DatabaseAwayError', 'MongoServerSelectionError', 'MongoPoolClearedError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoClientClosedError']);

/** A write or read refused before it was sent, because the database is known to be away (outage-gate.ts): a write was certainly not made. */
export class DatabaseAwayError extends StoreUnavailableError {
  override name = 'DatabaseAwayError';
}

export function neverSent(err: unknown): boolean {
  return err instanceof Error && NOT_SENT.has(err.name);
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

/** Runs a database call; any driver failure other than a duplicate key becomes StoreUnavailableError. */
export async function guard<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isDuplicateKey(err) || err instanceof StoreUnavailableError) throw err;
    if (err instanceof MongoError || isNetworkError(err)) {
      throw new StoreUnavailableError(`${what}: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
}

// Maps the driver's connection failures to the core's StoreUnavailableError,
// so the core can tell users "not saved" without knowing about MongoDB.
import { MongoError, MongoServerError } from 'mongodb';
import { StoreUnavailableError } from '../core/store-port.js';

export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

/** Runs a database call; any driver failure other than a duplicate key becomes StoreUnavailableError. */
export async function guard<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isDuplicateKey(err)) throw err;
    if (err instanceof MongoError || (err instanceof Error && /ECONNREFUSED|ECONNRESET|topology|closed/i.test(err.message))) {
      throw new StoreUnavailableError(`${what}: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
}

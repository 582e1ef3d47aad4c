// A read that timed out is not an outage when the server still answers.
//
// The client gives up on a socket after 8 s (connect.ts), so that a hung or
// vanished server means "not reachable" within seconds. But a read can also be
// slow because the server is busy — queued behind other work under load — and
// then telling the person "the database is not reachable" is false (the load
// suite saw exactly that). So after a timed-out read this asks the server for a
// ping: if it answers, the read is tried again (late beats wrong); if it does
// not, the first failure stands.
import { StoreUnavailableError } from '../core/store-port.js';
import { guard } from './mongo-errors.js';

const TIMEOUT_ERRORS = new Set(['MongoNetworkTimeoutError', 'MongoOperationTimeoutError']);

/**
 * True when `err` (or what it wraps) is a read that timed out on an open connection — not a
 * refused or closed connection, and not a failed server selection (whose message also says "timed
 * out", but which means no server could be reached: that is an outage, reported at once).
 */
export function isTimeout(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (TIMEOUT_ERRORS.has(e.name)) return true;
  }
  return false;
}

export interface PatientReadOptions {
  /** Whether the server answers now (a ping with its own short timeout). */
  answers: () => Promise<boolean>;
  /** Further tries after a timeout while the server answers. */
  retries?: number;
  /** Told each time a slow read is tried again (for the log and metrics). */
  onSlow?: (what: string) => void;
}

/** Runs a read like guard(); a timeout while the server still answers a ping is tried again. */
export async function patientRead<T>(what: string, call: () => Promise<T>, options: PatientReadOptions): Promise<T> {
  let tries = options.retries ?? 2;
  for (;;) {
    try {
      return await guard(what, call);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) || !isTimeout(err) || tries-- <= 0) throw err;
      if (!(await options.answers().catch(() => false))) throw err;
      options.onSlow?.(what);
    }
  }
}

// An operation's time limit that also covers its wait for a server. The
// driver's own timeoutMS does not cut that wait short: with the server gone
// (the topology says so) a command with timeoutMS 500 still waits the client's
// whole serverSelectionTimeoutMS (3 s) before failing. An abort signal does end
// it. Measured with driver 7.9 against a stopped FerretDB: timeoutMS 500 →
// 3,002 ms; signal after 500 ms → 503 ms.
import type { Db } from 'mongodb';

/** Options that end a command after `ms`, whatever it is waiting for. */
export function within(ms: number): { timeoutMS: number; signal: AbortSignal } {
  return { timeoutMS: ms, signal: AbortSignal.timeout(ms) };
}

/** Whether the server answers a ping within `ms` (false on any failure, the wait for a server included). */
export function answersPing(db: Db, ms: number): Promise<boolean> {
  return db.command({ ping: 1 }, within(ms)).then(() => true, () => false);
}

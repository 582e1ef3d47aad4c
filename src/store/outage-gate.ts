// While the database is known to be away, a write whose turn comes in this
// process's write queue is refused at once, unsent — so "nothing was saved" is
// certain — instead of waiting the driver's whole server selection (3 s). On
// FerretDB writes go one at a time: without this, every update queued during an
// outage waited 3 s for each write ahead of it before hearing "nothing was
// saved" (docs/reliability.md, Faults).
//
// Known away: the last thing the driver said of the server is that it could
// not reach it — a new connection refused (the driver 7 neither marks the
// server Unknown nor clears its pool for that), a command's connection dropped
// or a heartbeat's connection failed (the server marked Unknown); not a
// timeout — and no ping has answered since. A quick ping, at most one per recheckEveryMs, lets writes
// through as soon as the server answers again; its wait for a server also asks
// the driver's monitor to look. For one server (FerretDB; the only place the
// queue is used): with several, one being away would not stop writes.
import type { ConnectionCheckOutFailedEvent, Db, MongoClient, ServerDescriptionChangedEvent } from 'mongodb';
import { DatabaseAwayError } from './mongo-errors.js';
import { isTimeout } from './patient-read.js';
import { answersPing } from './time-limit.js';
import type { WriteQueue } from './write-queue.js';

export interface OutageGateOptions {
  /** How long the ping that asks whether the server is back may take (it holds the queue). */
  pingWithinMs?: number;
  /** After a ping went unanswered, writes are refused without asking again for this long. */
  recheckEveryMs?: number;
}

export interface OutageGate {
  writes: WriteQueue;
  /**
   * Whether the server may be asked now: true at once unless it is known away, then whether a
   * quick ping answers (one at a time, shared; refused without one for recheckEveryMs after an
   * unanswered one). For reads, which do not queue, so that a look-up during an outage hears
   * "not reachable" promptly rather than after a whole server selection.
   */
  reachable(): true | Promise<boolean>;
  stop(): void;
}

export function gateWritesWhileAway(queue: WriteQueue, client: MongoClient, db: Db, options: OutageGateOptions = {}): OutageGate {
  const pingWithinMs = options.pingWithinMs ?? 500;
  const recheckEveryMs = options.recheckEveryMs ?? 500;
  let away = false;
  let unansweredPingAt = Number.NEGATIVE_INFINITY;

  // Only a connection refused or dropped says "away". A timeout says "slow": a busy server
  // (a heartbeat or a new connection not answered in time under load) is waited for, as before,
  // never taken for an outage (issue 11's false "not reachable").
  const checkOutFailed = (e: ConnectionCheckOutFailedEvent) => {
    // The driver sets `error` on the event (7.9) without typing it; no error counts as not a timeout.
    if (e.reason === 'connectionError' && !isTimeout((e as { error?: unknown }).error)) away = true;
  };
  const checkedOut = () => {
    away = false;
  };
  const described = (e: ServerDescriptionChangedEvent) => {
    const { type, error } = e.newDescription;
    if (type !== 'Unknown') away = false;
    else if (error && !isTimeout(error)) away = true;
  };
  client.on('connectionCheckOutFailed', checkOutFailed);
  client.on('connectionCheckedOut', checkedOut);
  client.on('serverDescriptionChanged', described);

  let pinging: Promise<boolean> | undefined;
  const reachable = (): true | Promise<boolean> => {
    if (!away) return true;
    if (Date.now() - unansweredPingAt < recheckEveryMs) return Promise.resolve(false);
    pinging ??= answersPing(db, pingWithinMs).then((answered) => {
      pinging = undefined;
      if (answered) away = false;
      else unansweredPingAt = Date.now();
      return answered;
    });
    return pinging;
  };

  const writes: WriteQueue = (write) =>
    queue(async () => {
      if (!(await reachable())) throw new DatabaseAwayError('the database does not answer; this write was not sent');
      return write();
    });
  return {
    writes,
    reachable,
    stop() {
      client.off('connectionCheckOutFailed', checkOutFailed);
      client.off('connectionCheckedOut', checkedOut);
      client.off('serverDescriptionChanged', described);
    },
  };
}

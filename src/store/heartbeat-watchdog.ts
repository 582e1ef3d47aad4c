// A guard against a MongoDB driver 7.9 bug: when the server drops the
// monitoring connection while a heartbeat is being written, the write waits
// for 'drain' on a destroyed socket and never returns. The monitor then stays
// "checking" for good, the server is never selected again, and every operation
// fails until the process restarts (seen in 3 of 9 database-outage runs).
//
// A heartbeat always ends — succeeded or failed — within its own timeout
// (connectTimeoutMS, or heartbeatFrequencyMS for the streaming hello), so one
// still open well past that is stuck: close the client and connect it again.
// Db and Collection handles taken from the client keep working afterwards.
import type { MongoClient } from 'mongodb';

export interface HeartbeatWatchdogOptions {
  /** A heartbeat open longer than this is taken as stuck. */
  stuckAfterMs: number;
  /** The same for a streaming ("awaited") heartbeat, which the server may hold for heartbeatFrequencyMS. */
  awaitedStuckAfterMs?: number;
  /** How often to look. */
  checkEveryMs: number;
  /** Told each time the client is reconnected (and why), for the log. */
  onReconnect?: (info: { address: string; openForMs: number; error?: unknown }) => void;
}

export interface HeartbeatWatchdog {
  stop(): void;
}

export function watchHeartbeats(client: MongoClient, options: HeartbeatWatchdogOptions): HeartbeatWatchdog {
  /** When each server's current heartbeat is to be taken as stuck, while one is open. */
  const open = new Map<string, { since: number; stuckAt: number }>();
  let reconnecting = false;

  const started = (e: { connectionId: string; awaited: boolean }) => {
    const since = Date.now();
    const after = e.awaited ? (options.awaitedStuckAfterMs ?? options.stuckAfterMs) : options.stuckAfterMs;
    open.set(e.connectionId, { since, stuckAt: since + after });
  };
  const ended = (e: { connectionId: string }) => open.delete(e.connectionId);
  // A closed topology emits no more heartbeats for its servers: forget them.
  const closed = () => open.clear();
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);
  client.on('topologyClosed', closed);

  async function reconnect(address: string, openForMs: number): Promise<void> {
    reconnecting = true;
    try {
      await client.close();
      open.clear();
      // If the server is still away this fails; the next operation connects
      // the client again by itself (the driver's auto-connect).
      await client.connect().then(
        () => options.onReconnect?.({ address, openForMs }),
        (error: unknown) => options.onReconnect?.({ address, openForMs, error }),
      );
    } finally {
      reconnecting = false;
    }
  }

  const timer = setInterval(() => {
    if (reconnecting) return;
    const now = Date.now();
    for (const [address, { since, stuckAt }] of open) {
      if (now > stuckAt) {
        void reconnect(address, now - since).catch(() => undefined);
        return;
      }
    }
  }, options.checkEveryMs);
  timer.unref();

  return {
    stop() {
      clearInterval(timer);
      client.off('serverHeartbeatStarted', started);
      client.off('serverHeartbeatSucceeded', ended);
      client.off('serverHeartbeatFailed', ended);
      client.off('topologyClosed', closed);
    },
  };
}

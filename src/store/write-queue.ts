// Runs writes one at a time in this process. FerretDB's SQLite backend has a
// single writer: concurrent writes make SQLite's busy handler back off and
// retry, so at 50 concurrent clients queued writes finish an order of magnitude
// sooner than racing ones (figures in docs/decisions/0002). Real MongoDB does
// not need it (see connect.ts: it is used only when the server is FerretDB).
// The database handle owns the choice (Database.writes); stores take it as a required argument,
// never a default, so one built without it cannot quietly write around the queue.
export type WriteQueue = <T>(write: () => Promise<T>) => Promise<T>;

export function serialWriteQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(write: () => Promise<T>) => {
    const run = tail.then(write);
    // The next write waits for this one to settle, whatever its outcome; the caller sees the outcome.
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}

export const directWrites: WriteQueue = (write) => write();

/** The same queue, counting the writes in it (waiting or running) for a metrics gauge. */
export function countedWrites(queue: WriteQueue): { writes: WriteQueue; depth: () => number } {
  let depth = 0;
  const writes: WriteQueue = (write) => {
    depth++;
    return queue(write).finally(() => depth--);
  };
  return { writes, depth: () => depth };
}

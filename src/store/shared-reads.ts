// Identical reads that arrive while one is in flight share it. Under load many
// people ask for the same thing at once ("show 7", current statuses, the same
// person's memberships), and on FerretDB every query costs the server CPU
// however small (docs/decisions/0002): sharing cut the queries a burst of look-ups makes
// to a handful.
//
// Never staler than a fresh read by this process's own writes: once a write
// here is acknowledged (wrote()), later callers start a new read rather than
// join one that began before it. Nothing is kept after a read settles.
export class SharedReads {
  private readonly inFlight = new Map<string, { generation: number; result: Promise<unknown> }>();
  private generation = 0;

  /** Call after each acknowledged write: reads already in flight may not have seen it. */
  wrote(): void {
    this.generation++;
  }

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const current = this.inFlight.get(key);
    if (current && current.generation === this.generation) return current.result as Promise<T>;
    const result = read().finally(() => {
      if (this.inFlight.get(key)?.result === result) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { generation: this.generation, result });
    return result;
  }
}

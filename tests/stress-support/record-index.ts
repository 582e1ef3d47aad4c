// What the fakes recorded (Slack's response_url posts, the connector's
// requests), indexed by key as it arrives, so that thousands of waiting
// requests each find their own answer without rescanning everything. Each
// record is handed out once: a replayed request gets the answer sent after it.

interface Waiter<T> {
  key: string;
  accept: (record: T) => boolean;
  resolve: (record: T | undefined) => void;
  until: number;
}

export class RecordIndex<T> {
  private cursor = 0;
  private readonly byKey = new Map<string, T[]>();
  private readonly taken = new Set<T>();
  private waiters: Waiter<T>[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** `source`: the fake's own, growing array; `keyOf`: the key a record belongs to (undefined: not indexed). */
  constructor(private readonly source: readonly T[], private readonly keyOf: (record: T) => string | undefined) {}

  /** Indexes records that arrived since the last look. */
  refresh(): void {
    if (this.source.length < this.cursor) {
      // The fake was reset: start over.
      this.cursor = 0;
      this.byKey.clear();
    }
    for (; this.cursor < this.source.length; this.cursor++) {
      const record = this.source[this.cursor]!;
      const key = this.keyOf(record);
      if (key === undefined) continue;
      let list = this.byKey.get(key);
      if (!list) this.byKey.set(key, (list = []));
      list.push(record);
    }
  }

  /** Every record under `key` so far. */
  all(key: string): T[] {
    this.refresh();
    return this.byKey.get(key) ?? [];
  }

  /** Takes every record under `key` not handed out before that passes `accept`. */
  takeAll(key: string, accept: (record: T) => boolean = () => true): T[] {
    const out = this.all(key).filter((r) => !this.taken.has(r) && accept(r));
    for (const r of out) this.taken.add(r);
    return out;
  }

  private takeOne(key: string, accept: (record: T) => boolean): T | undefined {
    const found = this.all(key).find((r) => !this.taken.has(r) && accept(r));
    if (found) this.taken.add(found);
    return found;
  }

  /** Waits (bounded) for the next record under `key` that passes `accept`; undefined after `timeoutMs`. */
  next(key: string, accept: (record: T) => boolean, timeoutMs: number): Promise<T | undefined> {
    const now = this.takeOne(key, accept);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      this.waiters.push({ key, accept, resolve, until: Date.now() + timeoutMs });
      this.timer ??= setInterval(() => this.serve(), 20);
    });
  }

  private serve(): void {
    const still: Waiter<T>[] = [];
    for (const w of this.waiters) {
      const found = this.takeOne(w.key, w.accept);
      if (found) w.resolve(found);
      else if (Date.now() > w.until) w.resolve(undefined);
      else still.push(w);
    }
    this.waiters = still;
    if (still.length === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Gives up on every waiter (end of a run). */
  close(): void {
    for (const w of this.waiters) w.resolve(undefined);
    this.waiters = [];
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

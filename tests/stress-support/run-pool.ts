// Runs jobs with a fixed number of concurrent clients, bounded in time: once
// the deadline passes no new job starts (the ones under way finish), and the
// caller learns how many were never sent.
export interface PoolResult {
  started: number;
  notStarted: number;
  seconds: number;
}

export async function runPool<T>(items: readonly T[], concurrency: number, deadline: number, work: (item: T, index: number) => Promise<void>): Promise<PoolResult> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length && Date.now() < deadline) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
  return { started: next, notStarted: items.length - next, seconds: (performance.now() - t0) / 1000 };
}

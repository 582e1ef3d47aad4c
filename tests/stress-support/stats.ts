// Latency figures as the closing note reports them.
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function latency(values: readonly number[]): { p50: number; p99: number; max: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  return { p50: quantile(finite, 0.5), p99: quantile(finite, 0.99), max: finite.length ? Math.max(...finite) : Number.NaN };
}

export const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');

/** Prints a titled block of `name: value` lines (vitest shows it with the test's output). */
export function printFigures(title: string, figures: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  console.log(`\n=== ${title} ===\n${lines.join('\n')}\n`);
}

/** p50/p99 of `value` per group, one line (Node 20 has no Object.groupBy). */
export function latencyBy<T>(items: readonly T[], key: (t: T) => string, value: (t: T) => number): string {
  const groups = new Map<string, number[]>();
  for (const i of items) (groups.get(key(i)) ?? groups.set(key(i), []).get(key(i))!).push(value(i));
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => {
    const l = latency(v);
    return `${k} ${ms(l.p50)}/${ms(l.p99)}`;
  }).join(', ');
}

/** Throughput and p99 per window of the run ("0-30 s: 101/s p99 6.6 s; …"): how it holds up as data grows. */
export function overTime<T>(items: readonly T[], sentAt: (t: T) => number, value: (t: T) => number, windowMs = 30_000): string {
  if (items.length === 0) return 'n/a';
  const start = Math.min(...items.map(sentAt));
  const windows = new Map<number, number[]>();
  for (const i of items) {
    const w = Math.floor((sentAt(i) - start) / windowMs);
    (windows.get(w) ?? windows.set(w, []).get(w)!).push(value(i));
  }
  return [...windows].sort(([a], [b]) => a - b).map(([w, v]) => {
    const s = w * windowMs / 1000;
    return `${s}-${s + windowMs / 1000} s: ${Math.round(v.length / (windowMs / 1000))}/s p99 ${(quantile(v, 0.99) / 1000).toFixed(1)} s`;
  }).join('; ');
}

/** How many items fall under each key (`{ "ab12cd34": 3, … }`), for a figures line. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

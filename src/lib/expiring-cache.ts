// A bounded map whose entries expire: the Slack and Teams identity caches.
// When full, the entry set longest ago goes first (a Map keeps insertion order).
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expires > this.now() ? hit.value : undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key); // re-inserted last: the map's order is the eviction order
    this.entries.set(key, { value, expires: this.now() + ttlMs });
  }
}

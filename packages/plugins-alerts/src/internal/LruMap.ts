/**
 * A Map bounded to `max` entries that evicts the least recently used one. Hand-written rather than a library
 * because the operators need the eviction callback, in-order iteration and the fewest allocations per event.
 * The native Map keeps insertion order; a touch moves an entry to the young end (delete + set) only if it was
 * not moved in the last `max / 2` operations, which keeps hot keys cheap and the order close to exact LRU
 * (exact when `max` ≤ 2).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, { value: V; moved: number }>();
  private tick = 0;
  private readonly slack: number;
  /** Entries evicted so far. */
  evictions = 0;

  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    this.slack = max <= 2 ? 0 : Math.floor(max / 2);
  }

  get size(): number {
    return this.map.size;
  }

  /** Reads and marks as recently used. */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    const now = ++this.tick;
    if (now - entry.moved > this.slack) {
      entry.moved = now;
      this.map.delete(key);
      this.map.set(key, entry);
    }
    return entry.value;
  }

  /** Reads without touching. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.max) {
      const oldest = this.map.entries().next();
      if (!oldest.done) {
        const [oldKey, evicted] = oldest.value;
        this.map.delete(oldKey);
        this.evictions++;
        this.onEvict?.(oldKey, evicted.value);
      }
    }
    this.map.set(key, { value, moved: ++this.tick });
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [k, e] of this.map) yield [k, e.value];
  }
}

/**
 * A Map bounded to `max` entries that evicts the least recently used one. Hand-written rather than a library
 * because the operators need the eviction callback, in-order iteration for pruning and the fewest allocations
 * per event (a touch is a delete and a set on the native Map, which keeps insertion order).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  /** Entries evicted so far. */
  evictions = 0;

  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Reads and marks as recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Reads without touching. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.max) {
      const oldest = this.map.keys().next();
      if (!oldest.done) {
        const evicted = this.map.get(oldest.value) as V;
        this.map.delete(oldest.value);
        this.evictions++;
        this.onEvict?.(oldest.value, evicted);
      }
    }
    this.map.set(key, value);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}

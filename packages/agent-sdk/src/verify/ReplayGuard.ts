/**
 * What `ReplayGuard.admit` decided: `'unrecorded'` comes from a persistent guard that could not write the key
 * down, so the action must be refused.
 */
export type ReplayDecision = 'admitted' | 'replayed' | 'full' | 'unrecorded';

/** Remembers the actions an agent has accepted until they expire, so a copy replayed from the broker is refused. */
export interface ReplayGuard {
  /**
   * Records `key` until `expiresAt` unless it is already remembered (`'replayed'`). When `maxEntries` unexpired
   * keys are held it answers `'full'` and records nothing: it never forgets a live key to make room.
   */
  admit(key: string, expiresAt: Date, now?: Date): ReplayDecision;
  /** True when `key` is remembered and has not expired at `now`. */
  has(key: string, now?: Date): boolean;
  /** Number of keys held (expired ones are dropped lazily). */
  readonly size: number;
}

/** Options of `createReplayGuard`. */
export interface ReplayGuardOptions {
  /**
   * Most unexpired action keys held at once; memory is bounded by it.
   * @default 100000
   */
  maxEntries?: number;
}

/**
 * Creates an in-memory replay guard; expired keys are evicted from a min-heap ordered by expiry. It forgets
 * everything when the process ends: agents that restart or check in once use `openFileReplayGuard`.
 */
export function createReplayGuard(options: ReplayGuardOptions = {}): ReplayGuard {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${String(options.maxEntries)}`);
  }
  const expiries = new Map<string, number>();
  const heap: Array<{ key: string; at: number }> = [];

  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const push = (key: string, at: number): void => {
    heap.push({ key, at });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = (): void => {
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && heap[l]!.at < heap[smallest]!.at) smallest = l;
      if (r < heap.length && heap[r]!.at < heap[smallest]!.at) smallest = r;
      if (smallest === i) break;
      swap(i, smallest);
      i = smallest;
    }
  };
  const evict = (now: number): void => {
    while (heap.length > 0 && heap[0]!.at < now) {
      const { key, at } = heap[0]!;
      pop();
      if (expiries.get(key) === at) expiries.delete(key);
    }
  };

  return {
    admit(key, expiresAt, now = new Date()) {
      const t = now.getTime();
      evict(t);
      if (expiries.has(key)) return 'replayed';
      if (expiries.size >= maxEntries) return 'full';
      const at = expiresAt.getTime();
      if (at < t) return 'admitted'; // already expired: the validity check refuses any later copy anyway
      expiries.set(key, at);
      push(key, at);
      return 'admitted';
    },
    has(key, now = new Date()) {
      const at = expiries.get(key);
      return at !== undefined && at >= now.getTime();
    },
    get size() {
      return expiries.size;
    },
  };
}

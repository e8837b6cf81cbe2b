/** Most distinct key lists remembered before the cache starts over (a stream of random keys cannot grow it). */
const MAX_LISTS = 1024;
/** Objects with more keys are not remembered (analysed each time). */
const MAX_KEYS = 128;

/** An object's own enumerable string keys and their values, in `Object.keys` order. */
export interface OwnEntries {
  readonly keys: readonly string[];
  readonly values: unknown[];
  /** Of the key list, for {@link KeyListCache}. */
  readonly hash: number;
}

/** Folds one key into a key-list hash (length and first character: cheap, and enough to spread event shapes). */
export function hashKey(hash: number, key: string): number {
  return (Math.imul(hash, 31) + key.length * 7 + (key.charCodeAt(0) | 0)) | 0;
}

/**
 * `node`'s own enumerable keys and values. `Object.keys` and `Object.values` rather than `for…in`: a `for…in`
 * loop is compiled for the objects it has seen, and once one of them was a dictionary or had index keys (any
 * odd event can be) it stays about four times slower for every object after.
 */
export function ownEntries(node: Record<string, unknown>): OwnEntries {
  const keys = Object.keys(node);
  let values = Object.values(node);
  // Only a getter that adds or removes properties could make these disagree; then read key by key.
  if (values.length !== keys.length) values = keys.map((key) => node[key]);
  let hash = 0;
  for (let i = 0; i < keys.length; i++) hash = hashKey(hash, keys[i] as string);
  return { keys, values, hash };
}

interface Slot<T> {
  readonly keys: readonly string[];
  readonly value: T;
}

/**
 * What a plugin worked out about a key list (which keys to rename and to what, where the address fields are),
 * remembered per list. Events of one kind have the same keys again and again, so a question about every key is
 * answered once per list rather than once per key of every event. Bounded; lists past 128 keys are not kept.
 */
export class KeyListCache<T> {
  private readonly lists = new Map<number, Array<Slot<T>>>();
  private size = 0;

  constructor(private readonly analyse: (keys: readonly string[]) => T) {}

  /** The analysis of the first `count` keys (all of them by default), whose hash is `hash`. */
  get(keys: readonly string[], hash: number, count = keys.length): T {
    let bucket = this.lists.get(hash);
    if (bucket !== undefined) {
      for (const slot of bucket) if (sameKeys(slot.keys, keys, count)) return slot.value;
    }
    const list = keys.slice(0, count);
    const value = this.analyse(list);
    if (count <= MAX_KEYS) {
      if (bucket === undefined) {
        if (this.size >= MAX_LISTS) {
          this.lists.clear();
          this.size = 0;
        }
        bucket = [];
        this.lists.set(hash, bucket);
      }
      bucket.push({ keys: list, value });
      this.size++;
    }
    return value;
  }
}

function sameKeys(a: readonly string[], b: readonly string[], n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

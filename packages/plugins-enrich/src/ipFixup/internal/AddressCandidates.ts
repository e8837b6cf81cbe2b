import type { Details } from '../../internal/eventFields';
import { KeyListCache, hashKey } from '../../internal/KeyListCache';
import type { DetailsDraft } from './DetailsDraft';

/**
 * The string values of the keys ipFixup looks for addresses in (aliases and protocol fields of both sides, some
 * thirty). Probing each key is thirty lookups on objects of every shape; instead the event's own keys and values
 * are read once, and where candidates sit in a key list is worked out once per list. That snapshot stays right
 * while ipFixup works only if
 * it never writes those keys and each key appears once; an odd configuration (an alias that is also a field
 * ipFixup writes, or listed twice) reads each key live instead, as the writes and deletions go.
 */
export class AddressCandidates {
  /** For each key list: pairs of (candidate index, position in the list). `undefined`: read live. */
  private readonly positions: KeyListCache<readonly number[]> | undefined;
  private readonly values: Array<string | undefined>;
  private readonly touched: number[] = [];
  private draft: DetailsDraft | undefined;

  constructor(readonly keys: readonly string[], written: readonly string[]) {
    const distinct = new Set(keys).size === keys.length && !keys.some((key) => written.includes(key));
    const index = new Map(keys.map((key, i) => [key, i]));
    this.positions = distinct
      ? new KeyListCache((list) => list.flatMap((key, at) => (index.has(key) ? [index.get(key) as number, at] : [])))
      : undefined;
    this.values = keys.map(() => undefined);
  }

  /** Prepares for one event: reads the candidates now, or remembers the draft to read them live. */
  begin(details: Details, draft: DetailsDraft): void {
    this.draft = draft;
    if (this.positions === undefined) return;
    // Keys only: values are read for the candidates a key list has, usually none. (Reading thirty fields by name
    // is slower: on objects of many shapes those lookups miss V8's inline caches.)
    const keys = Object.keys(details);
    let hash = 0;
    for (let k = 0; k < keys.length; k++) hash = hashKey(hash, keys[k] as string);
    const pairs = this.positions.get(keys, hash);
    for (let p = 0; p < pairs.length; p += 2) {
      const value = details[keys[pairs[p + 1] as number] as string];
      if (typeof value === 'string') {
        const i = pairs[p] as number;
        this.values[i] = value;
        this.touched.push(i);
      }
    }
  }

  /** The string held by own key `keys[i]`, or `undefined`. */
  value(i: number): string | undefined {
    if (this.positions !== undefined) return this.values[i];
    const draft = this.draft as DetailsDraft;
    const key = this.keys[i] as string;
    const value = draft.read(key);
    return typeof value === 'string' && draft.owns(key) ? value : undefined;
  }

  end(): void {
    const touched = this.touched;
    if (touched.length > 0) {
      for (const i of touched) this.values[i] = undefined;
      touched.length = 0;
    }
    this.draft = undefined;
  }
}

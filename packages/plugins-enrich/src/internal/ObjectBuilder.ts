import { KeyListCache, hashKey } from './KeyListCache';
import { KeyRemap } from './KeyRemap';

/**
 * Builds a plain object from keys and values added in order, exactly as `out[key] = value` on `{}` would (an own
 * `__proto__` key stays an own property; a repeated key keeps its first place and takes the last value), through
 * a {@link KeyRemap} per key list: fast properties whatever the size, one allocation.
 *
 * One builder makes one object at a time: `add` and `build` calls of two objects must not interleave.
 */
export class ObjectBuilder {
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  private count = 0;
  private hash = 0;
  private readonly remaps = new KeyListCache<KeyRemap>(KeyRemap.identity);

  add(key: string, value: unknown): void {
    this.keys[this.count] = key;
    this.values[this.count] = value;
    this.hash = hashKey(this.hash, key);
    this.count++;
  }

  /** The object with every added key; the builder is empty again afterwards. */
  build(): Record<string, unknown> {
    const n = this.count;
    const out = this.remaps.get(this.keys, this.hash, n).build(this.values);
    for (let i = 0; i < n; i++) this.values[i] = undefined;
    this.count = 0;
    this.hash = 0;
    return out;
  }
}

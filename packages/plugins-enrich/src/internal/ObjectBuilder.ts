type Make = (values: readonly unknown[]) => Record<string, unknown>;

interface Shape {
  readonly keys: readonly string[];
  /** Times the key list was built; a maker is compiled the second time. */
  uses: number;
  make: Make | undefined;
}

/** Most distinct key lists remembered before the cache starts over (a stream of random keys cannot grow it). */
const MAX_SHAPES = 1024;
/** Objects with more keys are always built property by property. */
const MAX_KEYS = 128;
const USES_BEFORE_MAKER = 2;

/**
 * Builds a plain object from keys and values added in order, exactly as `out[key] = value` on `{}` would (an own
 * `__proto__` key stays an own property; a repeated key keeps its first place and takes the last value).
 * Rebuilding objects is how the hygiene plugins rename keys without `delete` (which turns an object into a slow
 * dictionary). Built property by property, an object regrows its property store as it goes, and past about 16
 * properties added by computed names V8 makes it a dictionary anyway; so a key list seen again gets a maker: an
 * object literal with those keys (one allocation of the right size, fast properties, one hidden class for every
 * object of that list), some twenty times faster to fill. Keys enter the literal through `JSON.stringify`, so
 * any key is a plain string literal; `__proto__` is written as a computed key so it stays an own property.
 *
 * One builder makes one object at a time: `add` and `build` calls of two objects must not interleave.
 */
export class ObjectBuilder {
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  private count = 0;
  private readonly shapes = new Map<number, Shape[]>();
  private shapeCount = 0;

  add(key: string, value: unknown): void {
    this.keys[this.count] = key;
    this.values[this.count] = value;
    this.count++;
  }

  /** The object with every added key; the builder is empty again afterwards. */
  build(): Record<string, unknown> {
    const n = this.count;
    const values = this.values;
    const make = n <= MAX_KEYS ? this.maker(n) : undefined;
    let out: Record<string, unknown>;
    if (make !== undefined) out = make(values);
    else {
      out = {};
      const keys = this.keys;
      for (let i = 0; i < n; i++) define(out, keys[i] as string, values[i]);
    }
    for (let i = 0; i < n; i++) values[i] = undefined;
    this.count = 0;
    return out;
  }

  private maker(n: number): Make | undefined {
    const keys = this.keys;
    let hash = n;
    for (let i = 0; i < n; i++) {
      const key = keys[i] as string;
      hash = (Math.imul(hash, 31) + key.length * 7 + (key.charCodeAt(0) | 0)) | 0;
    }
    let bucket = this.shapes.get(hash);
    if (bucket !== undefined) {
      for (const shape of bucket) {
        if (!sameKeys(shape.keys, keys, n)) continue;
        if (shape.make === undefined && ++shape.uses >= USES_BEFORE_MAKER) shape.make = compile(shape.keys);
        return shape.make;
      }
    } else {
      if (this.shapeCount >= MAX_SHAPES) {
        this.shapes.clear();
        this.shapeCount = 0;
      }
      bucket = [];
      this.shapes.set(hash, bucket);
    }
    bucket.push({ keys: keys.slice(0, n), uses: 1, make: undefined });
    this.shapeCount++;
    return undefined;
  }
}

function compile(keys: readonly string[]): Make {
  const fields = keys.map((key, i) => `${key === '__proto__' ? '["__proto__"]' : JSON.stringify(key)}: v[${i}]`);
  return new Function('v', `return { ${fields.join(', ')} };`) as Make;
}

function sameKeys(a: readonly string[], b: readonly string[], n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function define(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

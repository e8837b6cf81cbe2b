type Make = (values: readonly unknown[]) => Record<string, unknown>;

/** Uses of one remap before it gets a compiled maker (a list seen once never pays for compiling). */
const USES_BEFORE_MAKER = 2;

/**
 * How to build an object of one key list: `keys[i]` takes the value at `from[i]` of the collected values, as
 * `out[key] = value` on `{}` in that order would (an own `__proto__` key stays an own property; a repeated key
 * keeps its first place and takes the last value).
 *
 * Rebuilding objects is how the hygiene plugins rename keys without `delete` (which turns an object into a slow
 * dictionary). Built property by property an object regrows its property store as it goes, and past about 16
 * properties added by computed names V8 makes it a dictionary anyway; so a remap used again gets a maker: an
 * object literal with those keys (one allocation of the right size, fast properties, one hidden class for every
 * object it makes), some twenty times faster than filling an object. Keys enter the literal through
 * `JSON.stringify`, so any key is a plain string literal; `__proto__` is written as a computed key so it stays
 * an own property.
 */
export class KeyRemap {
  private uses = 0;
  private make: Make | undefined;

  constructor(
    readonly keys: readonly string[],
    readonly from: readonly number[],
  ) {}

  /** A remap that keeps every key in place. */
  static identity(keys: readonly string[]): KeyRemap {
    return new KeyRemap(keys, keys.map((_, i) => i));
  }

  build(values: readonly unknown[]): Record<string, unknown> {
    if (this.make !== undefined) return this.make(values);
    if (++this.uses >= USES_BEFORE_MAKER) {
      this.make = compile(this.keys, this.from);
      return this.make(values);
    }
    const { keys, from } = this;
    // Built key by key, an object past ~16 keys would be a slow dictionary.
    if (keys.length > 16) return Object.fromEntries(keys.map((key, i) => [key, values[from[i] as number]])) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = values[from[i] as number];
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
}

function compile(keys: readonly string[], from: readonly number[]): Make {
  const fields = keys.map((key, i) => `${key === '__proto__' ? '["__proto__"]' : JSON.stringify(key)}: v[${from[i] as number}]`);
  return new Function('v', `return { ${fields.join(', ')} };`) as Make;
}

import { describe, expect, it } from 'vitest';
import { ObjectBuilder } from './ObjectBuilder';

/** What the builder must equal: plain assignment on `{}`, with `__proto__` defined as an own property. */
function byAssignment(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function build(builder: ObjectBuilder, entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  for (const [key, value] of entries) builder.add(key, value);
  return builder.build();
}

describe('ObjectBuilder', () => {
  const lists: Array<Array<readonly [string, unknown]>> = [
    [],
    [['a', 1], ['b', 'two'], ['c', { three: 3 }]],
    [['user', 'a'], ['other', 0], ['user', 'b']],
    [['__proto__', { polluted: 1 }], ['constructor', 'c'], ['toString', 5]],
    [['z', 1], ['7', 'seven'], ['1', 'one'], ['y', 2]],
    [['"quoted"', 1], ['back\\slash', 2], ['new\nline', 3], ['\u2028', 4], ['}; throw 1; ({', 5], ['', 6], ['${x}', 7]],
    Array.from({ length: 40 }, (_, i) => [`key${i}`, i] as const),
    Array.from({ length: 300 }, (_, i) => [`k${i}`, i] as const),
  ];

  it('builds what assignment builds, keys in the same order, the first time and once a key list is known', () => {
    const builder = new ObjectBuilder();
    for (let round = 0; round < 4; round++) {
      for (const entries of lists) {
        const built = build(builder, entries);
        expect(Object.entries(built)).toEqual(Object.entries(byAssignment(entries)));
        expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('makes a new object every time and keeps no value once built', () => {
    const builder = new ObjectBuilder();
    const a = build(builder, [['x', 1]]);
    const b = build(builder, [['x', 1]]);
    const c = build(builder, [['x', 1]]);
    expect(a).not.toBe(b);
    expect(b).not.toBe(c);
    c['x'] = 2;
    expect(b['x']).toBe(1);
  });

  it('keeps working past its cache of key lists', () => {
    const builder = new ObjectBuilder();
    for (let i = 0; i < 3000; i++) {
      const entries = [[`a${i}`, i], [`b${i % 7}`, 'x']] as const;
      expect(build(builder, entries)).toEqual(byAssignment(entries));
      expect(build(builder, entries)).toEqual(byAssignment(entries));
    }
  });
});

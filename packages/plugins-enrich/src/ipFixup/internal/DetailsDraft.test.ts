import { describe, expect, it } from 'vitest';
import { DetailsDraft } from './DetailsDraft';

const KEYS = ['sourceipaddress', 'destinationipaddress', 'srcip', 'dst_ip', 'sourceipclass', 'invalidsourceipaddress', 'a', '7', '__proto__'];

function start(): Record<string, unknown> {
  // As JSON.parse gives it: "__proto__" an own data property, not the prototype.
  return JSON.parse('{"srcip": "10.0.0.1", "a": 1, "__proto__": "p", "7": "seven", "dst_ip": "10.0.0.2"}') as Record<string, unknown>;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

describe('DetailsDraft', () => {
  it('leaves the same keys, values and key order as plain writes and deletes would', () => {
    let a = 99;
    const next = () => {
      a = (a * 1103515245 + 12345) & 0x7fffffff;
      return a;
    };
    const draft = new DetailsDraft();
    for (let round = 0; round < 3000; round++) {
      const reference = start();
      const edited = start();
      draft.begin(edited);
      for (let op = 0; op < 1 + (next() % 8); op++) {
        const key = KEYS[next() % KEYS.length] as string;
        if (next() % 3 === 0) {
          delete reference[key];
          draft.remove(key);
        } else {
          const value = `v${op}`;
          if (key === '__proto__') define(reference, key, value);
          else reference[key] = value;
          draft.write(key, value);
        }
        expect(draft.owns(key)).toBe(Object.hasOwn(reference, key));
        expect(draft.read(key)).toBe(Object.hasOwn(reference, key) ? reference[key] : undefined);
      }
      const result = draft.commit();
      expect(Object.entries(result)).toEqual(Object.entries(reference));
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    }
  });

  it('returns the object itself when nothing was deleted', () => {
    const draft = new DetailsDraft();
    const details: Record<string, unknown> = { a: 1 };
    draft.begin(details);
    draft.write('sourceipaddress', '192.0.2.1');
    expect(draft.commit()).toBe(details);
    expect(details).toEqual({ a: 1, sourceipaddress: '192.0.2.1' });
  });
});

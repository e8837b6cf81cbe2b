import { describe, expect, it } from 'vitest';
import { LruMap } from './LruMap';

describe('LruMap', () => {
  it('evicts the least recently used entry and counts it', () => {
    const evicted: string[] = [];
    const m = new LruMap<string, number>(2, (k) => evicted.push(k));
    m.set('a', 1);
    m.set('b', 2);
    m.get('a');
    m.set('c', 3);
    expect(evicted).toEqual(['b']);
    expect([...m.entries()]).toEqual([['a', 1], ['c', 3]]);
    expect(m.evictions).toBe(1);
  });

  it('stays bounded and keeps keys touched recently under a larger size', () => {
    const m = new LruMap<number, number>(100);
    for (let i = 0; i < 100; i++) m.set(i, i);
    for (let round = 0; round < 10; round++) {
      m.get(0); // a hot key
      for (let i = 0; i < 30; i++) m.set(1000 + round * 30 + i, i);
    }
    expect(m.size).toBe(100);
    expect(m.peek(0)).toBe(0);
    expect(m.has(1)).toBe(false);
  });
});

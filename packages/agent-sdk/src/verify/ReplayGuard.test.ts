import { describe, expect, it } from 'vitest';
import { createReplayGuard } from './ReplayGuard';

const t = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

describe('createReplayGuard', () => {
  it('admits an id once and refuses it until it expires', () => {
    const guard = createReplayGuard();
    expect(guard.admit('a', t(60), t(0))).toBe('admitted');
    expect(guard.admit('a', t(60), t(30))).toBe('replayed');
    expect(guard.has('a', t(60))).toBe(true);
    expect(guard.has('a', t(61))).toBe(false);
    expect(guard.admit('a', t(120), t(61))).toBe('admitted');
  });

  it('evicts expired ids, in expiry order, to stay bounded', () => {
    const guard = createReplayGuard({ maxEntries: 3 });
    expect(guard.admit('late', t(300), t(0))).toBe('admitted');
    expect(guard.admit('early', t(10), t(0))).toBe('admitted');
    expect(guard.admit('mid', t(100), t(0))).toBe('admitted');
    expect(guard.size).toBe(3);
    expect(guard.admit('x', t(400), t(5))).toBe('full');
    expect(guard.admit('x', t(400), t(11))).toBe('admitted');
    expect(guard.size).toBe(3);
    expect(guard.has('early', t(11))).toBe(false);
    expect(guard.admit('y', t(400), t(101))).toBe('admitted');
    expect(guard.has('mid', t(101))).toBe(false);
    expect(guard.has('late', t(101))).toBe(true);
    expect(guard.admit('late', t(300), t(101))).toBe('replayed');
  });

  it('never forgets a live id to make room', () => {
    const guard = createReplayGuard({ maxEntries: 1 });
    expect(guard.admit('a', t(60), t(0))).toBe('admitted');
    expect(guard.admit('b', t(60), t(1))).toBe('full');
    expect(guard.admit('a', t(60), t(2))).toBe('replayed');
  });

  it('keeps memory bounded over many expiring ids', () => {
    const guard = createReplayGuard({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i += 1) {
      expect(guard.admit(`id-${i}`, t(i + 50), t(i))).toBe('admitted');
    }
    expect(guard.size).toBeLessThanOrEqual(100);
  });

  it('refuses a bad maxEntries', () => {
    expect(() => createReplayGuard({ maxEntries: 0 })).toThrow(RangeError);
  });
});

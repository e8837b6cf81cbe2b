import { describe, expect, it } from 'vitest';
import { formatIso } from './formatIso';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from './timestampToMillis';

describe('formatIso', () => {
  it('matches Date#toISOString at the edges of the accepted range', () => {
    for (const ms of [MIN_TIMESTAMP_MS, -1, 0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000, MAX_TIMESTAMP_MS]) {
      expect(formatIso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('matches Date#toISOString for random instants, runs within one second and runs across days', () => {
    let state = 7;
    const next = (): number => {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    let ms = 1_700_000_000_000;
    for (let i = 0; i < 20_000; i++) {
      const jump = i % 3 === 0 ? Math.floor(next() * 3) : i % 3 === 1 ? Math.floor(next() * 90_000_000) : -Math.floor(next() * 5000);
      ms += jump;
      const random = Math.floor(MIN_TIMESTAMP_MS + next() * (MAX_TIMESTAMP_MS - MIN_TIMESTAMP_MS));
      for (const value of [ms, random, ms]) {
        const expected = new Date(value).toISOString();
        if (formatIso(value) !== expected) throw new Error(`formatIso(${value}) is ${formatIso(value)}, not ${expected}`);
      }
    }
    expect(formatIso(ms)).toBe(new Date(ms).toISOString());
  });
});

import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { isDateTime } from './isDateTime';

// ajv-formats' own full-mode date-time check is the oracle.
const full = addFormats.get('date-time', 'full');
const oracle = (text: string): boolean => {
  if (typeof full !== 'object' || full instanceof RegExp || typeof full.validate !== 'function') throw new Error('no oracle');
  return (full.validate as (value: string) => boolean)(text);
};

describe('isDateTime', () => {
  it.each([
    '2024-01-02T03:04:05.678Z',
    '2024-02-29T00:00:00.000Z',
    '2023-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2024-13-01T00:00:00.000Z',
    '2024-00-01T00:00:00.000Z',
    '2024-01-00T00:00:00.000Z',
    '2024-01-02T24:00:00.000Z',
    '2024-01-02T23:60:00.000Z',
    '2016-12-31T23:59:60.000Z',
    '2016-12-31T22:59:60.000Z',
    '2024-01-02T03:04:05.67xZ',
    '2024-01-02T03:04:05+01:00',
    '2024-01-02t03:04:05z',
    '2024-01-02 03:04:05Z',
    'not a time',
    '',
  ])('agrees with ajv-formats on %j', (text) => {
    expect(isDateTime(text)).toBe(oracle(text));
  });

  it('agrees with ajv-formats on 20,000 generated canonical-shaped strings', () => {
    let state = 12345;
    const next = (limit: number): number => {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      return state % limit;
    };
    const pad = (value: number, width: number): string => String(value).padStart(width, '0');
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = `${pad(next(10_000), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}.${pad(next(1000), 3)}Z`;
      const answer = isDateTime(text);
      if (answer !== oracle(text)) throw new Error(`disagreement on ${text}`);
      if (answer) valid++;
    }
    expect(valid).toBeGreaterThan(5000);
  });
});

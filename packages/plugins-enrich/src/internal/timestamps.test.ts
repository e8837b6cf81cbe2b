import { describe, expect, it } from 'vitest';
import { isoFromMillis, toIsoTime } from './timestamps';

describe('isoFromMillis', () => {
  it('writes what Date#toISOString writes', () => {
    const day = 86_400_000;
    const times = [0, 1, 999, 1000, day - 1, day, 951_782_400_000 /* 2000-02-29 */, 4_107_542_399_999 /* 2100-02-28T23:59:59.999 */,
      1_591_367_999_305.988, 1_700_000_000_120, 253_402_300_799_999 /* 9999-12-31T23:59:59.999 */, 253_402_300_800_000, 8.64e15, 0.5, 1e3 - 0.1];
    let a = 5;
    for (let i = 0; i < 20_000; i++) {
      a = (a * 1103515245 + 12345) & 0x7fffffff;
      times.push((a / 0x7fffffff) * 253_402_300_800_000 * (i % 2 === 0 ? 1 : 0.01) + (i % 7) / 7);
    }
    for (const ms of times) expect(isoFromMillis(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('is what toIsoTime answers for epoch seconds and ISO text', () => {
    expect(toIsoTime(1_591_367_999.305988)).toBe('2020-06-05T14:39:59.305Z');
    expect(toIsoTime('2017-04-07T22:24:37.251547+0100')).toBe('2017-04-07T21:24:37.251Z');
    expect(toIsoTime('1286536308.779')).toBe('2010-10-08T11:11:48.779Z');
    expect(toIsoTime(0)).toBeUndefined();
    expect(toIsoTime('yesterday')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { parseIsoMs } from './eventTime';

describe('parseIsoMs', () => {
  it('agrees with Date.parse on canonical and other ISO forms', () => {
    for (const s of ['2024-01-02T03:04:05.678Z', '1999-12-31T23:59:59.999Z', '2024-02-29T00:00:00.000Z', '2014-04-17T05:33:33.631170+00:00', '2024-01-02T03:04:05Z', 'garbage', '2024-13-01T00:00:00.000Z', '2024-0a-01T00:00:00.000Z']) {
      const want = Date.parse(s);
      const got = parseIsoMs(s);
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else expect(got).toBe(want);
    }
  });
});

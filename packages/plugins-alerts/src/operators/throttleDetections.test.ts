import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { sec } from '../internal/makeEvent';
import { createCorrelationStats } from './CorrelationStats';
import type { Detection } from './Detection';
import { throttleDetections } from './throttleDetections';

const det = (key: string, at: number, count = 1): Detection => ({ key, events: [], count, firstTime: at, lastTime: at, details: {} });

describe('throttleDetections', () => {
  it('passes the first per key, suppresses within the window, and reports what it suppressed on the next', async () => {
    const stats = createCorrelationStats();
    const input = [det('a', sec(0)), det('a', sec(10), 5), det('b', sec(11)), det('a', sec(20), 7), det('a', sec(61))];
    const out = await lastValueFrom(from(input).pipe(throttleDetections({ windowMs: 60_000, stats }), toArray()));
    expect(out.map((d) => d.key)).toEqual(['a', 'b', 'a']);
    expect(out[2]!.details).toEqual({ suppressed: 2, suppressedEvents: 12 });
    expect(stats.suppressed).toBe(2);
  });
});

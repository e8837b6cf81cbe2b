import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { createCorrelationStats } from './CorrelationStats';
import { valueAggregate } from './valueAggregate';

const upload = (user: string, bytes: unknown, at: number) => makeEvent({ at, category: 'proxy', details: { username: user, bytes_sent: bytes } });
const run = async (events: ReturnType<typeof upload>[], options: Partial<Parameters<typeof valueAggregate>[0]> = {}) =>
  lastValueFrom(
    from(events).pipe(
      valueAggregate({ groupBy: 'details.username', field: 'details.bytes_sent', aggregate: 'sum', threshold: 1000, inclusive: false, windowMs: 60_000, ...options }),
      toArray(),
    ),
  );

describe('valueAggregate', () => {
  it('fires when the sum per key passes the limit within the window, and resets the key', async () => {
    const events = [upload('alice', 400, sec(0)), upload('bob', 900, sec(1)), upload('alice', '300', sec(2)), upload('alice', 301, sec(3)), upload('alice', 500, sec(4))];
    const out = await run(events);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: 'alice', count: 3, details: { aggregate: 'sum', value: 1001, threshold: 1000, field: 'details.bytes_sent' } });
    expect(out[0]!.events.map((e) => e.details['bytes_sent'])).toEqual([400, '300', 301]);
    // Exactly the limit: only an inclusive (gte) condition fires.
    const exact = [upload('carol', 600, sec(0)), upload('carol', 400, sec(1))];
    expect(await run(exact)).toHaveLength(0);
    expect(await run(exact, { inclusive: true })).toHaveLength(1);
  });

  it('subtracts what left the window', async () => {
    const events = [upload('alice', 600, sec(0)), upload('alice', 300, sec(50)), upload('alice', 300, sec(70))];
    // At 70 s the first upload is 70 s old: 300 + 300 is all that is left.
    expect(await run(events)).toHaveLength(0);
    expect(await run(events, { windowMs: 80_000 })).toHaveLength(1);
  });

  it('averages, and skips events whose field is not a number', async () => {
    const events = [upload('alice', 100, sec(0)), upload('alice', 'n/a', sec(1)), upload('alice', undefined, sec(2)), upload('alice', 'Infinity', sec(3)), upload('alice', 950, sec(4))];
    const out = await run(events, { aggregate: 'avg', threshold: 500 });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ count: 2, details: { aggregate: 'avg', value: 525 } });
    expect(await run(events.slice(0, 4), { aggregate: 'avg', threshold: 50 })).toHaveLength(1);
    expect(await run(events.slice(0, 4), { aggregate: 'avg', threshold: 100 })).toHaveLength(0);
  });

  it('holds at most maxValuesPerKey values per key and says how many it let go', async () => {
    const events = Array.from({ length: 20 }, (_, i) => upload('alice', 100, sec(i)));
    const out = await run(events, { maxValuesPerKey: 5, threshold: 450 });
    // The window never holds more than 5 values: 500 > 450 fires at the fifth, then the key starts over.
    expect(out.map((d) => d.count)).toEqual([5, 5, 5, 5]);
    const capped = await run(events, { maxValuesPerKey: 5, threshold: 600 });
    expect(capped).toHaveLength(0);
    const late = [...events, upload('alice', 5000, sec(20))];
    expect((await run(late, { maxValuesPerKey: 5, threshold: 5300 }))[0]).toMatchObject({ count: 5, details: { value: 5400, truncated: 16 } });
  });

  it('bounds the keys it holds and counts late events', async () => {
    const stats = createCorrelationStats();
    const events = [...Array.from({ length: 50 }, (_, i) => upload(`user${i}`, 1, sec(100 + i))), upload('old', 5000, sec(0))];
    expect(await run(events, { maxKeys: 10, stats, allowedLatenessMs: 30_000 })).toHaveLength(0);
    expect(stats).toMatchObject({ liveKeys: 10, evictions: 40, late: 1 });
  });

  it('refuses options it cannot run', () => {
    expect(() => valueAggregate({ field: 'details.x', aggregate: 'median' as 'sum', threshold: 1, inclusive: true, windowMs: 1 })).toThrow(/aggregate must be sum or avg/);
    expect(() => valueAggregate({ field: 'details.x', aggregate: 'sum', threshold: Number.NaN, inclusive: true, windowMs: 1 })).toThrow(/threshold must be a finite number/);
    expect(() => valueAggregate({ field: 'details.x', aggregate: 'sum', threshold: 1, inclusive: true, windowMs: 1, maxValuesPerKey: 0 })).toThrow(/maxValuesPerKey/);
  });
});

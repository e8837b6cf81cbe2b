import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { createCorrelationStats } from './CorrelationStats';
import { threshold } from './threshold';

const fail = (ip: string, at: number) => makeEvent({ at, category: 'authentication', processname: 'sshd', details: { success: false, sourceipaddress: ip } });
const run = async (events: ReturnType<typeof fail>[], options: Parameters<typeof threshold>[0]) => lastValueFrom(from(events).pipe(threshold(options), toArray()));

describe('threshold', () => {
  it('fires when a key reaches the count inside the sliding window, not for other keys', async () => {
    const events = [...Array.from({ length: 10 }, (_, i) => fail('1.2.3.4', sec(i * 10))), ...Array.from({ length: 9 }, (_, i) => fail('5.6.7.8', sec(i)))];
    const out = await run(events, { where: 'details.success:false', groupBy: 'details.sourceipaddress', count: 10, windowMs: 120_000 });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: '1.2.3.4', count: 10, firstTime: sec(0), lastTime: sec(90) });
    expect(out[0]!.events).toHaveLength(10);
  });

  it('slides: events spread wider than the window do not add up', async () => {
    const events = Array.from({ length: 12 }, (_, i) => fail('1.2.3.4', sec(i * 20)));
    expect(await run(events, { groupBy: 'details.sourceipaddress', count: 10, windowMs: 120_000 })).toHaveLength(0);
    expect(await run(events, { groupBy: 'details.sourceipaddress', count: 7, windowMs: 120_000 })).toHaveLength(1);
  });

  it('counts late events and ignores them; accepts out-of-order events within the lateness', async () => {
    const stats = createCorrelationStats();
    const events = [fail('a', sec(1000)), fail('a', sec(990)), fail('a', sec(100)), fail('a', sec(1001))];
    const out = await run(events, { groupBy: 'details.sourceipaddress', count: 3, windowMs: 60_000, allowedLatenessMs: 30_000, stats });
    expect(stats.late).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ count: 3, firstTime: sec(990), lastTime: sec(1001) });
  });

  it('bounds state with LRU eviction and counts evictions', async () => {
    const stats = createCorrelationStats();
    const events = Array.from({ length: 100 }, (_, i) => fail(`10.0.0.${i}`, sec(i)));
    events.push(fail('10.0.0.0', sec(101))); // its first event was evicted
    const out = await run(events, { groupBy: 'details.sourceipaddress', count: 2, windowMs: 600_000, maxKeys: 10, stats });
    expect(out).toHaveLength(0);
    expect(stats.evictions).toBe(91);
    expect(stats.liveKeys).toBe(10);
  });

  it('reports live keys, evictions and late events through the gauge', async () => {
    const gauges = new Map<string, number>();
    const events = [...Array.from({ length: 5 }, (_, i) => fail(`10.0.0.${i}`, sec(100 + i))), fail('x', sec(0))];
    await run(events, { groupBy: 'details.sourceipaddress', count: 2, windowMs: 600_000, maxKeys: 3, allowedLatenessMs: 10_000, gauge: (n, v) => gauges.set(n, v) });
    expect(Object.fromEntries(gauges)).toEqual({ live_keys: 3, evictions: 2, late_events: 1 });
  });

  it('resets a key after firing: 25 failures at count 10 give two detections', async () => {
    const events = Array.from({ length: 25 }, (_, i) => fail('1.2.3.4', sec(i)));
    expect(await run(events, { groupBy: 'details.sourceipaddress', count: 10, windowMs: 120_000 })).toHaveLength(2);
  });
});

import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { createCorrelationStats } from './CorrelationStats';
import { firstSeen } from './firstSeen';

const sudo = (host: string, user: string, at: number) => makeEvent({ at, hostname: host, processname: 'sudo', details: { username: user, targetuser: 'root' } });

describe('firstSeen', () => {
  it('alerts once per new (key, value), not for known values or during warm-up', async () => {
    const events = [sudo('h1', 'alice', sec(0)), sudo('h1', 'bob', sec(10)), sudo('h1', 'alice', sec(20)), sudo('h1', 'carol', sec(100)), sudo('h2', 'carol', sec(101)), sudo('h1', 'ops', sec(102))];
    const out = await lastValueFrom(from(events).pipe(firstSeen({ groupBy: 'hostname', field: 'details.username', warmupMs: 60_000, known: ['ops'] }), toArray()));
    expect(out.map((d) => `${d.key}:${String(d.details['value'])}`)).toEqual(['h1:carol', 'h2:carol']);
  });

  it('keeps memory bounded: an evicted pair is new again', async () => {
    const stats = createCorrelationStats();
    const events = [sudo('h', 'u1', sec(0)), sudo('h', 'u2', sec(1)), sudo('h', 'u3', sec(2)), sudo('h', 'u1', sec(3))];
    const out = await lastValueFrom(from(events).pipe(firstSeen({ groupBy: 'hostname', field: 'details.username', maxKeys: 2, stats }), toArray()));
    expect(out).toHaveLength(4);
    expect(stats.evictions).toBe(2);
  });
});

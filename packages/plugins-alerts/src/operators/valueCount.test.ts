import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { valueCount } from './valueCount';

const login = (ip: string, user: string, at: number) => makeEvent({ at, category: 'authentication', details: { success: false, sourceipaddress: ip, username: user } });

describe('valueCount', () => {
  it('fires at N distinct usernames per source IP within the window', async () => {
    const events = [login('1.1.1.1', 'a', sec(0)), login('1.1.1.1', 'a', sec(1)), login('1.1.1.1', 'b', sec(2)), login('2.2.2.2', 'c', sec(3)), login('1.1.1.1', 'c', sec(4))];
    const out = await lastValueFrom(from(events).pipe(valueCount({ groupBy: 'details.sourceipaddress', field: 'details.username', count: 3, windowMs: 60_000 }), toArray()));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: '1.1.1.1', count: 4, details: { values: ['a', 'b', 'c'] } });
  });

  it('forgets values that left the window', async () => {
    const events = [login('1.1.1.1', 'a', sec(0)), login('1.1.1.1', 'b', sec(100)), login('1.1.1.1', 'c', sec(200))];
    const out = await lastValueFrom(from(events).pipe(valueCount({ groupBy: 'details.sourceipaddress', field: 'details.username', count: 3, windowMs: 150_000 }), toArray()));
    expect(out).toHaveLength(0);
  });
});

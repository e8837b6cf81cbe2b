import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { sequence } from './sequence';

const auth = (ip: string, success: boolean, at: number) => makeEvent({ at, category: 'authentication', processname: 'sshd', details: { success, sourceipaddress: ip } });
const steps = [{ where: 'details.success:false', count: 3 }, { where: 'details.success:true' }];
const run = (events: ReturnType<typeof auth>[], ordered = true) =>
  lastValueFrom(from(events).pipe(sequence({ steps, groupBy: 'details.sourceipaddress', windowMs: 60_000, ordered }), toArray()));

describe('sequence', () => {
  it('A (×3) then B for the same key within the window', async () => {
    const out = await run([auth('x', false, sec(0)), auth('x', false, sec(1)), auth('y', true, sec(2)), auth('x', false, sec(3)), auth('x', true, sec(4))]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: 'x', count: 4, firstTime: sec(0), lastTime: sec(4) });
    expect(out[0]!.events.at(-1)!.details['success']).toBe(true);
  });

  it('B before A does not count when ordered, but does when unordered', async () => {
    const events = [auth('x', true, sec(0)), auth('x', false, sec(1)), auth('x', false, sec(2)), auth('x', false, sec(3))];
    expect(await run(events)).toHaveLength(0);
    expect(await run(events, false)).toHaveLength(1);
  });

  it('the whole sequence must fit in the window', async () => {
    const events = [auth('x', false, sec(0)), auth('x', false, sec(1)), auth('x', false, sec(2)), auth('x', true, sec(100))];
    expect(await run(events)).toHaveLength(0);
  });
});

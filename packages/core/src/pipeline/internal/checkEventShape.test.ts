import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../event/eventSchema';
import { normalizeEvent } from '../../event/normalizeEvent';
import type { VigilEvent } from '../../event/VigilEvent';
import { checkEventShape } from './checkEventShape';

function event(): VigilEvent {
  const result = normalizeEvent({ summary: 'x', hostname: 'h', tags: ['a'], details: { k: 1 } });
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe('checkEventShape', () => {
  it('accepts normalized events (which the full schema accepts too)', () => {
    const e = event();
    expect(validateEvent(e)).toEqual({ ok: true });
    expect(checkEventShape(e)).toBeUndefined();
  });

  it.each([
    ['severity', (e: Record<string, unknown>) => (e['severity'] = 'LOUD'), /severity/],
    ['hostname', (e: Record<string, unknown>) => (e['hostname'] = 42), /hostname must be a string/],
    ['utctimestamp', (e: Record<string, unknown>) => (e['utctimestamp'] = '2024-01-01 00:00:00'), /utctimestamp must be UTC ISO-8601/],
    ['tags', (e: Record<string, unknown>) => (e['tags'] = ['ok', 3]), /tags/],
    ['details', (e: Record<string, unknown>) => (e['details'] = null), /details must be an object/],
    ['missing summary', (e: Record<string, unknown>) => delete e['summary'], /summary must be a string/],
  ])('refuses a broken %s, as the full schema does', (_name, breakIt, message) => {
    const e = event();
    breakIt(e as unknown as Record<string, unknown>);
    expect(checkEventShape(e)?.join('; ')).toMatch(message);
    expect(validateEvent(e).ok).toBe(false);
  });
});

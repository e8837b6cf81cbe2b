import { describe, expect, it } from 'vitest';
import { makeEvent } from '../internal/makeEvent';
import { createAlert } from './createAlert';

describe('createAlert', () => {
  it('builds a MozDef-style alert with the rule, a bounded sample and the full count', () => {
    const events = Array.from({ length: 25 }, (_, i) => makeEvent({ summary: `e${i}` }));
    const alert = createAlert({ rule: { id: 'r', name: 'Rule' }, summary: 's', events, severity: 'ERROR', category: 'bruteforce', tags: ['ssh'], url: 'https://runbook', details: { key: 'k' }, now: new Date('2024-05-01T00:00:00Z') });
    expect(alert).toMatchObject({ utctimestamp: '2024-05-01T00:00:00.000Z', severity: 'ERROR', category: 'bruteforce', tags: ['ssh'], count: 25, url: 'https://runbook', rule: { id: 'r', name: 'Rule' }, details: { key: 'k' } });
    expect(alert.events).toHaveLength(10);
    expect(alert.events[0]).toEqual({ id: events[0]!.id, event: events[0] });
    expect(alert.id).toMatch(/^[0-9a-f-]{36}$/);
    const small = createAlert({ rule: { id: 'r', name: 'r' }, summary: 's', events: events.slice(0, 2) });
    expect(small).toMatchObject({ severity: 'WARNING', category: 'correlation', count: 2, tags: [] });
    expect('url' in small).toBe(false);
  });
});

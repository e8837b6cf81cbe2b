import type { VigilAlert, VigilEvent } from '@vigil/core';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeEvent } from '../internal/makeEvent';
import { logSourceDeadman } from './logSourceDeadman';

describe('log-source-deadman', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('alerts for a log source that fell silent, not for one still sending', () => {
    vi.useFakeTimers();
    const input = new Subject<VigilEvent>();
    const alerts: VigilAlert[] = [];
    const sub = logSourceDeadman({ period: '1m' }).correlate(input, { pluginName: 't', gauge: () => undefined }).subscribe((a) => alerts.push(a));
    input.next(makeEvent({ source: 'sshd' }));
    input.next(makeEvent({ source: 'cloudtrail' }));
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(10_000);
      input.next(makeEvent({ source: 'cloudtrail' }));
    }
    expect(alerts.map((a) => a.details!['key'])).toEqual(['sshd']);
    expect(alerts[0]).toMatchObject({ severity: 'ERROR', category: 'deadman', rule: { id: 'log-source-deadman' } });
    expect(alerts[0]!.summary).toMatch(/^No events from log source sshd since /);
    sub.unsubscribe();
  });
});

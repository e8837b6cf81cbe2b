import { Subject } from 'rxjs';
import type { VigilEvent } from '@vigil/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeEvent } from '../internal/makeEvent';
import { deadman } from './deadman';
import type { Detection } from './Detection';

describe('deadman (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('alerts once when a source falls silent, re-arms when it speaks again, and clears its timer on unsubscribe', () => {
    const input = new Subject<VigilEvent>();
    const out: Detection[] = [];
    const sub = input.pipe(deadman({ groupBy: 'source', periodMs: 60_000, keys: ['never-heard'] })).subscribe((d) => out.push(d));
    input.next(makeEvent({ source: 'sshd' }));
    vi.advanceTimersByTime(30_000);
    input.next(makeEvent({ source: 'sshd' }));
    vi.advanceTimersByTime(45_000);
    expect(out.map((d) => d.key)).toEqual(['never-heard']);
    vi.advanceTimersByTime(30_000);
    expect(out.map((d) => d.key)).toEqual(['never-heard', 'sshd']);
    vi.advanceTimersByTime(300_000);
    expect(out).toHaveLength(2); // once per silence
    input.next(makeEvent({ source: 'sshd' }));
    vi.advanceTimersByTime(66_000); // silences are checked every period/10
    expect(out.map((d) => d.key)).toEqual(['never-heard', 'sshd', 'sshd']);
    expect(out[1]).toMatchObject({ count: 0, details: { periodMs: 60_000 } });
    sub.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('repeat: alerts every period while silent', () => {
    const input = new Subject<VigilEvent>();
    const out: Detection[] = [];
    const sub = input.pipe(deadman({ periodMs: 1000, repeat: true, keys: ['*'] })).subscribe((d) => out.push(d));
    vi.advanceTimersByTime(3500);
    expect(out.length).toBe(3);
    sub.unsubscribe();
  });
});

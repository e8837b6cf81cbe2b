import type { VigilEvent } from '@vigil/core';

let seq = 0;

/** Test helper: a normalized event with defaults, at `at` (ISO or epoch ms). Not exported from the package. */
export function makeEvent(partial: Partial<Omit<VigilEvent, 'utctimestamp'>> & { at?: string | number } = {}): VigilEvent {
  const { at, ...rest } = partial;
  const t = at === undefined ? new Date('2024-01-01T00:00:00.000Z') : new Date(at);
  const iso = t.toISOString();
  return {
    id: `ev-${++seq}`,
    utctimestamp: iso,
    receivedtimestamp: iso,
    timestamp: iso,
    hostname: 'host1',
    processname: '',
    processid: '',
    severity: 'INFO',
    summary: '',
    category: 'event',
    source: 'test',
    tags: [],
    details: {},
    ...rest,
  };
}

/** Epoch ms of `2024-01-01T00:00:00Z` plus seconds. */
export const T0 = Date.parse('2024-01-01T00:00:00.000Z');
export const sec = (s: number): number => T0 + s * 1000;

import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { compileFieldPath, keyOf as scalarKey } from '../internal/fieldPath';
import { OperatorState } from '../internal/OperatorState';
import { toKeyFn, toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** Options of {@link firstSeen}. */
export interface FirstSeenOptions extends StreamOptions {
  /** Events considered. @default every event */
  where?: Where;
  /** Scope of "never seen" (e.g. per host). @default one scope */
  groupBy?: GroupBy;
  /** Field whose values are remembered, e.g. `details.username`. */
  field: string;
  /** Values already known (no alert), per any scope. @default none */
  known?: readonly string[];
  /** Event-time period after the first event during which new values are learned silently, ms. @default 0 */
  warmupMs?: number;
}

/**
 * A value never seen before for a key. Memory is bounded: at most `maxKeys` (scope, value) pairs are remembered,
 * least recently seen evicted first (an evicted pair alerts again when it comes back).
 */
export function firstSeen(options: FirstSeenOptions): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const keyOf = toKeyFn(options.groupBy);
  const read = compileFieldPath(options.field);
  const known = new Set(options.known ?? []);
  const warmupMs = options.warmupMs ?? 0;
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const state = new OperatorState<true>(options);
      let firstTime: number | undefined;
      const sub = source.subscribe({
        next(event) {
          const t = eventTimeMs(event);
          if (!state.admit(t) || !test(event)) return;
          const key = keyOf(event);
          const value = scalarKey(read(event));
          if (key === undefined || value === undefined || known.has(value)) return;
          firstTime ??= t;
          const pair = `${key}\u0000${value}`;
          if (state.keys.get(pair) !== undefined) return;
          state.keys.set(pair, true);
          if (t - firstTime < warmupMs) return;
          state.stats.detections++;
          state.report();
          subscriber.next({ key, events: [event], count: 1, firstTime: t, lastTime: t, details: { field: options.field, value } });
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        sub.unsubscribe();
        state.report();
      };
    });
}

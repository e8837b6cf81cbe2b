import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { compileFieldPath, keyOf as scalarKey } from '../internal/fieldPath';
import { OperatorState } from '../internal/OperatorState';
import { toKeyFn, toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** Options of {@link valueCount}. */
export interface ValueCountOptions extends StreamOptions {
  /** Events considered. @default every event */
  where?: Where;
  /** Group key, e.g. `details.sourceipaddress`. @default one group */
  groupBy?: GroupBy;
  /** Field whose distinct values are counted, e.g. `details.username`. */
  field: string;
  /** Distinct values needed in the window. */
  count: number;
  /** Sliding window on event time, ms. */
  windowMs: number;
}

interface Values {
  seen: Map<string, { t: number; event: VigilEvent }>;
  total: number;
}

/** At least `count` distinct values of `field` for one key within a sliding window (e.g. usernames per IP). */
export function valueCount(options: ValueCountOptions): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const keyOf = toKeyFn(options.groupBy);
  const read = compileFieldPath(options.field);
  const { count, windowMs } = options;
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const state = new OperatorState<Values>(options);
      const sub = source.subscribe({
        next(event) {
          const t = eventTimeMs(event);
          if (!state.admit(t) || !test(event)) return;
          const key = keyOf(event);
          const value = scalarKey(read(event));
          if (key === undefined || value === undefined) return;
          let values = state.keys.get(key);
          if (values === undefined) {
            values = { seen: new Map(), total: 0 };
            state.keys.set(key, values);
          }
          values.total++;
          const prev = values.seen.get(value);
          if (prev === undefined || prev.t < t) values.seen.set(value, { t, event });
          const cutoff = state.now - windowMs;
          for (const [v, entry] of values.seen) if (entry.t < cutoff) values.seen.delete(v);
          if (values.seen.size >= count) {
            state.keys.delete(key);
            state.stats.detections++;
            state.report();
            const entries = [...values.seen.entries()].sort((a, b) => a[1].t - b[1].t);
            subscriber.next({
              key,
              events: entries.slice(0, state.maxSample).map(([, e]) => e.event),
              count: values.total,
              firstTime: entries[0]?.[1].t ?? t,
              lastTime: entries[entries.length - 1]?.[1].t ?? t,
              details: { field: options.field, values: entries.map(([v]) => v), windowMs },
            });
          }
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

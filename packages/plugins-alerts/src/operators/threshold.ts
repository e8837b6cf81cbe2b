import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { OperatorState } from '../internal/OperatorState';
import { toKeyFn, toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** Options of {@link threshold}. */
export interface ThresholdOptions extends StreamOptions {
  /** Events counted. @default every event */
  where?: Where;
  /** Group key. @default one group */
  groupBy?: GroupBy;
  /** Events needed in the window (≥ 1). */
  count: number;
  /** Sliding window on event time, ms. */
  windowMs: number;
}

interface Bucket {
  times: number[];
  events: VigilEvent[];
}

/**
 * At least `count` matching events for one key within a sliding event-time window. On firing, the key's window
 * is reset, so a long attack yields one detection per `count` events (throttle rules to get one alert).
 */
export function threshold(options: ThresholdOptions): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const keyOf = toKeyFn(options.groupBy);
  const { count, windowMs } = options;
  if (!(count >= 1)) throw new RangeError(`threshold: count must be ≥ 1, got ${count}`);
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const state = new OperatorState<Bucket>(options);
      const sub = source.subscribe({
        next(event) {
          const t = eventTimeMs(event);
          if (!state.admit(t) || !test(event)) return;
          const key = keyOf(event);
          if (key === undefined) return;
          let bucket = state.keys.get(key);
          if (bucket === undefined) {
            bucket = { times: [], events: [] };
            state.keys.set(key, bucket);
          }
          const { times, events } = bucket;
          // Insert in time order (nearly always an append), then drop what left the window.
          let i = times.length;
          while (i > 0 && (times[i - 1] as number) > t) i--;
          if (i === times.length) {
            times.push(t);
            events.push(event);
          } else {
            times.splice(i, 0, t);
            events.splice(i, 0, event);
          }
          const cutoff = (times[times.length - 1] as number) - windowMs;
          let drop = 0;
          while (drop < times.length && (times[drop] as number) < cutoff) drop++;
          if (drop === times.length - 1 && drop > 0) {
            // The common case of a quiet key: only the new event is in the window.
            times[0] = times[drop] as number;
            events[0] = events[drop] as VigilEvent;
            times.length = 1;
            events.length = 1;
          } else if (drop > 0) {
            times.splice(0, drop);
            events.splice(0, drop);
          }
          if (times.length >= count) {
            state.keys.delete(key);
            state.stats.detections++;
            state.report();
            subscriber.next({
              key,
              events: events.slice(0, state.maxSample),
              count: times.length,
              firstTime: times[0] as number,
              lastTime: times[times.length - 1] as number,
              details: { windowMs },
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

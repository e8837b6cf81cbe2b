import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { toKeyFn, toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** Options of {@link match}. */
export interface MatchOptions extends Pick<StreamOptions, 'stats'> {
  /** The events that match. */
  where: Where;
  /** Key the detection carries (for throttling per key). @default '*' */
  groupBy?: GroupBy;
}

/**
 * One event matching a query or predicate is a detection. Stateless, so late events are not dropped
 * (a delayed root login is still a root login).
 */
export function match(options: MatchOptions): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const keyOf = toKeyFn(options.groupBy);
  return (source) =>
    new Observable<Detection>((subscriber) =>
      source.subscribe({
        next(event) {
          if (options.stats) options.stats.events++;
          if (!test(event)) return;
          const key = keyOf(event);
          if (key === undefined) return;
          const t = eventTimeMs(event);
          if (options.stats) options.stats.detections++;
          subscriber.next({ key, events: [event], count: 1, firstTime: t, lastTime: t, details: {} });
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    );
}

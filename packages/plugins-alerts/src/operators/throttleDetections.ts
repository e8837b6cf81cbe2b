import { Observable, type OperatorFunction } from 'rxjs';
import { LruMap } from '../internal/LruMap';
import type { CorrelationStats } from './CorrelationStats';
import type { Detection } from './Detection';

/** Options of {@link throttleDetections}. */
export interface ThrottleOptions {
  /** After a detection for a key, further detections for it within this event-time window are suppressed, ms. */
  windowMs: number;
  /** Most keys whose throttle is remembered. @default 10000 */
  maxKeys?: number;
  /** Counts suppressed detections. */
  stats?: CorrelationStats;
}

interface Throttle {
  until: number;
  suppressed: number;
  suppressedEvents: number;
}

/**
 * Dedup per key: the first detection passes at once; later ones inside the window are suppressed (nothing is
 * emitted or updated), and the next detection after the window carries `details.suppressed` (how many
 * detections) and `details.suppressedEvents` (how many events) it stood for in the meantime.
 */
export function throttleDetections(options: ThrottleOptions): OperatorFunction<Detection, Detection> {
  const { windowMs } = options;
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const keys = new LruMap<string, Throttle>(options.maxKeys ?? 10_000);
      return source.subscribe({
        next(d) {
          if (windowMs <= 0) {
            subscriber.next(d);
            return;
          }
          const held = keys.get(d.key);
          if (held !== undefined && d.lastTime < held.until) {
            held.suppressed++;
            held.suppressedEvents += d.count;
            if (options.stats) options.stats.suppressed++;
            return;
          }
          keys.set(d.key, { until: d.lastTime + windowMs, suppressed: 0, suppressedEvents: 0 });
          if (held !== undefined && held.suppressed > 0) {
            subscriber.next({ ...d, details: { ...d.details, suppressed: held.suppressed, suppressedEvents: held.suppressedEvents } });
          } else subscriber.next(d);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
    });
}

import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { compileFieldPath } from '../internal/fieldPath';
import { OperatorState } from '../internal/OperatorState';
import { toKeyFn, toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** Options of {@link valueAggregate}. */
export interface ValueAggregateOptions extends StreamOptions {
  /** Events considered. @default every event */
  where?: Where;
  /** Group key, e.g. `details.sourceipaddress`. @default one group */
  groupBy?: GroupBy;
  /** Numeric field aggregated, e.g. `details.bytes_sent` (numbers, or strings that hold a decimal number). */
  field: string;
  /** `sum` or `avg` (arithmetic mean) of the field over the window. */
  aggregate: 'sum' | 'avg';
  /** The limit the aggregate is compared with. */
  threshold: number;
  /** `true`: fires when the aggregate is ≥ `threshold`; `false`: when it is > `threshold`. */
  inclusive: boolean;
  /** Sliding window on event time, ms. */
  windowMs: number;
  /**
   * Most values one key holds; past it the oldest leave the window early (counted in `details.truncated`).
   * @default 10000
   */
  maxValuesPerKey?: number;
}

interface Window {
  times: number[];
  values: number[];
  /** Sum of `values`; recomputed whenever subtractions could have let rounding drift. */
  sum: number;
  subtractions: number;
  /** The latest events, for the detection's sample. */
  recent: VigilEvent[];
  truncated: number;
}

const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** The field's value as a finite number, or `undefined` (absent, not numeric). */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.length <= 64 && DECIMAL.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function drop(w: Window, n: number): void {
  for (let i = 0; i < n; i++) w.sum -= w.values[i] as number;
  w.times.splice(0, n);
  w.values.splice(0, n);
  w.subtractions += n;
  if (w.subtractions > w.values.length) {
    let sum = 0;
    for (const v of w.values) sum += v;
    w.sum = sum;
    w.subtractions = 0;
  }
}

/**
 * The sum or the average of a numeric field for one key within a sliding event-time window passes a limit (Sigma's
 * `value_sum` and `value_avg`: bytes sent per user and source in an hour, say). Events without a numeric value are
 * not counted. On firing, the key's window is reset, as {@link threshold} does.
 */
export function valueAggregate(options: ValueAggregateOptions): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const keyOf = toKeyFn(options.groupBy);
  const read = compileFieldPath(options.field);
  const { aggregate, threshold: limit, inclusive, windowMs } = options;
  const maxValues = options.maxValuesPerKey ?? 10_000;
  if (aggregate !== 'sum' && aggregate !== 'avg') throw new RangeError(`valueAggregate: aggregate must be sum or avg, got ${String(aggregate)}`);
  if (!Number.isFinite(limit)) throw new RangeError(`valueAggregate: threshold must be a finite number, got ${limit}`);
  if (!Number.isInteger(maxValues) || maxValues < 1) throw new RangeError(`valueAggregate: maxValuesPerKey must be a positive integer, got ${maxValues}`);
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const state = new OperatorState<Window>(options);
      const sub = source.subscribe({
        next(event) {
          const t = eventTimeMs(event);
          if (!state.admit(t) || !test(event)) return;
          const key = keyOf(event);
          const value = numberOf(read(event));
          if (key === undefined || value === undefined) return;
          let w = state.keys.get(key);
          if (w === undefined) {
            w = { times: [], values: [], sum: 0, subtractions: 0, recent: [], truncated: 0 };
            state.keys.set(key, w);
          }
          // Insert in time order (nearly always an append).
          let i = w.times.length;
          while (i > 0 && (w.times[i - 1] as number) > t) i--;
          w.times.splice(i, 0, t);
          w.values.splice(i, 0, value);
          w.sum += value;
          w.recent.push(event);
          if (w.recent.length > state.maxSample) w.recent.shift();
          const cutoff = (w.times[w.times.length - 1] as number) - windowMs;
          let expired = 0;
          while (expired < w.times.length && (w.times[expired] as number) < cutoff) expired++;
          if (expired > 0) drop(w, expired);
          if (w.times.length > maxValues) {
            w.truncated += w.times.length - maxValues;
            drop(w, w.times.length - maxValues);
          }
          const result = aggregate === 'sum' ? w.sum : w.sum / w.values.length;
          if (inclusive ? result >= limit : result > limit) {
            state.keys.delete(key);
            state.stats.detections++;
            state.report();
            subscriber.next({
              key,
              events: w.recent.slice(),
              count: w.values.length,
              firstTime: w.times[0] as number,
              lastTime: w.times[w.times.length - 1] as number,
              details: { field: options.field, aggregate, value: result, threshold: limit, windowMs, ...(w.truncated > 0 ? { truncated: w.truncated } : {}) },
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

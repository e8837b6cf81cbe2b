import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { eventTimeMs } from '../internal/eventTime';
import { OperatorState, pushSample } from '../internal/OperatorState';
import { toKeyFn, toPredicate } from '../internal/selectors';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** One step of a {@link sequence}. */
export interface SequenceStep {
  /** Events of this step. */
  where: Where;
  /** Events of this step needed before the next (ordered) or at all (unordered). @default 1 */
  count?: number;
  /** Group key for this step's events. @default the sequence's `groupBy` */
  groupBy?: GroupBy;
}

/** Options of {@link sequence}. */
export interface SequenceOptions extends StreamOptions {
  /** Steps, at least two. */
  steps: readonly SequenceStep[];
  /** Group key shared by the steps, e.g. `details.sourceipaddress`. @default one group */
  groupBy?: GroupBy;
  /** The whole sequence must happen within this event-time window, ms. */
  windowMs: number;
  /** Steps must happen in the given order (`A then B`); false means all of them in any order. @default true */
  ordered?: boolean;
}

interface Progress {
  step: number;
  /** Event times counted for the current step (ordered) or per step (unordered: times[i] = last time of step i). */
  times: number[];
  counts: number[];
  start: number;
  sample: VigilEvent[];
  total: number;
}

/**
 * A then B (then C…) for the same key within a window, e.g. ten failed logins from an address then a success
 * from it. With `ordered: false`, every step must occur (each `count` times) within the window in any order.
 */
export function sequence(options: SequenceOptions): OperatorFunction<VigilEvent, Detection> {
  if (options.steps.length < 2) throw new RangeError('sequence: give at least two steps');
  const steps = options.steps.map((s, i) => ({
    test: toPredicate(s.where, `steps[${i}].where`),
    keyOf: toKeyFn(s.groupBy ?? options.groupBy),
    count: s.count ?? 1,
  }));
  const { windowMs } = options;
  const ordered = options.ordered ?? true;
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const state = new OperatorState<Progress>(options);
      const emit = (key: string, p: Progress, t: number): void => {
        state.keys.delete(key);
        state.stats.detections++;
        state.report();
        subscriber.next({
          key,
          events: p.sample,
          count: p.total,
          firstTime: p.start,
          lastTime: t,
          details: { steps: steps.length, windowMs, ordered },
        });
      };
      const fresh = (t: number): Progress => ({ step: 0, times: [], counts: steps.map(() => 0), start: t, sample: [], total: 0 });

      const orderedNext = (event: VigilEvent, t: number): void => {
        for (let i = 0; i < steps.length; i++) {
          const step = steps[i]!;
          if (!step.test(event)) continue;
          const key = step.keyOf(event);
          if (key === undefined) continue;
          let p = state.keys.get(key);
          if (p !== undefined && p.step > 0 && t - p.start > windowMs) {
            state.keys.delete(key);
            p = undefined;
          }
          if (p === undefined) {
            if (i !== 0) continue;
            p = fresh(t);
            state.keys.set(key, p);
          }
          if (i === 0 && p.step === 0) {
            // Step 0 slides: keep only its events inside the window.
            p.times.push(t);
            p.times.sort((a, b) => a - b);
            const cutoff = (p.times[p.times.length - 1] as number) - windowMs;
            while (p.times.length > 0 && (p.times[0] as number) < cutoff) p.times.shift();
            p.start = p.times[0] as number;
            p.total++;
            pushSample(p.sample, event, state.maxSample - 1);
            if (p.times.length >= step.count) {
              p.step = 1;
              p.counts[0] = p.times.length;
            }
          } else if (i === p.step) {
            p.total++;
            p.counts[i] = (p.counts[i] as number) + 1;
            if (i === steps.length - 1) p.sample.push(event);
            else pushSample(p.sample, event, state.maxSample - 1);
            if ((p.counts[i] as number) >= step.count) {
              p.step++;
              if (p.step === steps.length) emit(key, p, t);
            }
          } else if (i < p.step) {
            p.total++;
          }
          return;
        }
      };

      const unorderedNext = (event: VigilEvent, t: number): void => {
        for (let i = 0; i < steps.length; i++) {
          const step = steps[i]!;
          if (!step.test(event)) continue;
          const key = step.keyOf(event);
          if (key === undefined) continue;
          let p = state.keys.get(key);
          if (p === undefined) {
            p = fresh(t);
            p.times = steps.map(() => -Infinity);
            state.keys.set(key, p);
          }
          p.times[i] = Math.max(p.times[i] as number, t);
          p.counts[i] = (p.counts[i] as number) + 1;
          p.total++;
          pushSample(p.sample, event, state.maxSample);
          const cutoff = state.now - windowMs;
          let all = true;
          for (let j = 0; j < steps.length; j++) {
            if ((p.times[j] as number) < cutoff) p.counts[j] = 0;
            if ((p.counts[j] as number) < steps[j]!.count) all = false;
          }
          if (all) {
            p.start = Math.min(...p.times);
            emit(key, p, t);
          }
        }
      };

      const sub = source.subscribe({
        next(event) {
          const t = eventTimeMs(event);
          if (!state.admit(t)) return;
          if (ordered) orderedNext(event, t);
          else unorderedNext(event, t);
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

import type { VigilEvent } from '@vigil/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { LruMap } from '../internal/LruMap';
import { toKeyFn, toPredicate } from '../internal/selectors';
import { createCorrelationStats } from './CorrelationStats';
import type { Detection } from './Detection';
import type { GroupBy, StreamOptions, Where } from './StreamOptions';

/** Options of {@link deadman}. */
export interface DeadmanOptions extends Pick<StreamOptions, 'maxKeys' | 'stats' | 'gauge'> {
  /** Events that prove the source is alive. @default every event */
  where?: Where;
  /** One deadman per key (e.g. `source`, `hostname`). @default one for all */
  groupBy?: GroupBy;
  /** Silence longer than this alerts, ms (wall-clock: a silent source produces no event time). */
  periodMs: number;
  /** Keys expected from the start: they alert if never heard from. @default [] (keys are learned from events) */
  keys?: readonly string[];
  /** Alert again every period while the silence lasts. @default false (once per silence) */
  repeat?: boolean;
  /** How often silences are checked, ms. @default periodMs / 10, between 10 ms and 60 s */
  checkEveryMs?: number;
}

interface Liveness {
  lastSeen: number;
  alertedAt: number | undefined;
  last: VigilEvent | undefined;
}

/**
 * No matching event for a period: a silent log source alerts. Runs on wall-clock timers (cleared on
 * unsubscribe), so it works when nothing arrives at all; test it with fake timers or short periods.
 */
export function deadman(options: DeadmanOptions): OperatorFunction<VigilEvent, Detection> {
  const test = toPredicate(options.where);
  const keyOf = toKeyFn(options.groupBy);
  const { periodMs } = options;
  const checkEvery = options.checkEveryMs ?? Math.min(60_000, Math.max(10, Math.floor(periodMs / 10)));
  const stats = options.stats ?? createCorrelationStats();
  return (source) =>
    new Observable<Detection>((subscriber) => {
      const keys = new LruMap<string, Liveness>(options.maxKeys ?? 10_000);
      const started = Date.now();
      for (const key of options.keys ?? []) keys.set(key, { lastSeen: started, alertedAt: undefined, last: undefined });
      const check = (): void => {
        const now = Date.now();
        for (const [key, live] of keys.entries()) {
          const silentFor = now - live.lastSeen;
          if (silentFor < periodMs) continue;
          if (live.alertedAt !== undefined && (!(options.repeat ?? false) || now - live.alertedAt < periodMs)) continue;
          live.alertedAt = now;
          stats.detections++;
          subscriber.next({
            key,
            events: live.last ? [live.last] : [],
            count: 0,
            firstTime: live.lastSeen,
            lastTime: now,
            details: { silentForMs: silentFor, periodMs, lastSeen: new Date(live.lastSeen).toISOString() },
          });
        }
        stats.liveKeys = keys.size;
        options.gauge?.('live_keys', keys.size);
      };
      const timer = setInterval(check, checkEvery);
      const sub = source.subscribe({
        next(event) {
          stats.events++;
          if (!test(event)) return;
          const key = keyOf(event);
          if (key === undefined) return;
          const live = keys.get(key);
          if (live === undefined) keys.set(key, { lastSeen: Date.now(), alertedAt: undefined, last: event });
          else {
            live.lastSeen = Date.now();
            live.alertedAt = undefined;
            live.last = event;
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        clearInterval(timer);
        sub.unsubscribe();
        stats.evictions += keys.evictions;
      };
    });
}

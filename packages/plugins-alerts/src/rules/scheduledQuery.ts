import type { EventStore, VigilEvent } from '@vigil/core';
import { exhaustMap, from, mergeMap, type Observable, timer } from 'rxjs';
import type { Detection } from '../operators/Detection';

/** Options of {@link scheduledQuery}. */
export interface ScheduledQueryOptions {
  /** Query in Vigil's query language. */
  query: string;
  /** Interval between runs, ms (the first run is one interval after subscribing). */
  everyMs: number;
  /** How far back each run looks, ms. */
  lookbackMs: number;
  /** Hits (or bucket count) needed. @default 1 */
  threshold?: number;
  /** One detection per value of this field whose count reaches `threshold`. */
  aggregate?: { field: string; size?: number };
  /** Events sampled per detection. @default 10 */
  maxSample?: number;
}

const quote = (value: string): string => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

async function runOnce(store: EventStore, options: ScheduledQueryOptions): Promise<Detection[]> {
  const now = Date.now();
  const fromIso = new Date(now - options.lookbackMs).toISOString();
  const toIso = new Date(now).toISOString();
  const threshold = options.threshold ?? 1;
  const size = options.maxSample ?? 10;
  const times = (hits: VigilEvent[]): { firstTime: number; lastTime: number } => {
    const ts = hits.map((e) => Date.parse(e.utctimestamp)).filter((t) => !Number.isNaN(t));
    return ts.length > 0 ? { firstTime: Math.min(...ts), lastTime: Math.max(...ts) } : { firstTime: now, lastTime: now };
  };
  if (options.aggregate === undefined) {
    const result = await store.search({ query: options.query, from: fromIso, to: toIso, size, sort: 'asc' });
    if (result.total < threshold) return [];
    return [{ key: '*', events: result.hits, count: result.total, ...times(result.hits), details: { query: options.query } }];
  }
  const { field } = options.aggregate;
  const agg = await store.aggregate({ type: 'terms', field, size: options.aggregate.size ?? 100, query: options.query, from: fromIso, to: toIso });
  const detections: Detection[] = [];
  for (const bucket of agg.buckets) {
    if (bucket.count < threshold) continue;
    const hits = await store.search({ query: `(${options.query}) AND ${field}:${quote(bucket.key)}`, from: fromIso, to: toIso, size, sort: 'asc' });
    detections.push({ key: bucket.key, events: hits.hits, count: bucket.count, ...times(hits.hits), details: { query: options.query, field } });
  }
  return detections;
}

/**
 * MozDef-style scheduled alert: every `everyMs`, run the query over the last `lookbackMs` in the store and emit
 * a detection when the hits (or a terms bucket) reach the threshold. The timer stops on unsubscribe.
 */
export function scheduledQuery(store: EventStore, options: ScheduledQueryOptions): Observable<Detection> {
  return timer(options.everyMs, options.everyMs).pipe(
    // A tick that comes while a run is still going is skipped rather than queued.
    exhaustMap(() => from(runOnce(store, options))),
    mergeMap((detections) => from(detections)),
  );
}

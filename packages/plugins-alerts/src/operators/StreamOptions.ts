import type { VigilEvent } from '@vigil/core';
import type { CorrelationStats } from './CorrelationStats';

/** Which events an operator considers: a query in Vigil's query language, or a predicate. */
export type Where = string | ((event: VigilEvent) => boolean);

/** How events are grouped: a field path, several (joined with `|`), or a function (undefined skips the event). */
export type GroupBy = string | readonly string[] | ((event: VigilEvent) => string | undefined);

/** Options shared by the stateful operators. */
export interface StreamOptions {
  /** Events older than the watermark (newest event time seen) minus this are counted as late and ignored. @default 60000 */
  allowedLatenessMs?: number;
  /** Most group keys held; the least recently used is evicted beyond it. @default 10000 */
  maxKeys?: number;
  /** Most events kept as a sample on a detection. @default 10 */
  maxSample?: number;
  /** Counters updated as events flow. */
  stats?: CorrelationStats;
  /** Receives `live_keys`, `evictions` and `late_events` figures (a plugin passes `ctx.gauge`). */
  gauge?: (name: string, value: number) => void;
}

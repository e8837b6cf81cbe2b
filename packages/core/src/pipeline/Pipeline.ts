import type { Observable } from 'rxjs';
import type { VigilAlert } from '../alert/VigilAlert';
import type { VigilEvent } from '../event/VigilEvent';
import type { DeadLetter } from './DeadLetter';
import type { StageMetric } from './StageMetric';

/** The answer for one input item of an ingest call. */
export type IngestItemResult =
  | { readonly ok: true; readonly id: string; readonly duplicate?: boolean }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/** What an ingest call did, item by item, once everything accepted is durable. */
export interface IngestResult {
  /** Items that are now durable in the sinks (duplicates included). */
  readonly accepted: number;
  /** Items refused; each was dead-lettered with its reason. */
  readonly rejected: number;
  /** Events the store already held (an idempotent re-delivery); they count as accepted. */
  readonly duplicates: number;
  /** One entry per input item, in input order. */
  readonly items: readonly IngestItemResult[];
}

/** Plugin order as the pipeline runs it, for diagnostics. */
export interface PipelineDescription {
  /** Enrichment plugins in run order with their priority. */
  readonly enrichment: ReadonlyArray<{ name: string; priority: number }>;
  /** Correlation plugins. */
  readonly correlation: readonly string[];
  /** Response plugins. */
  readonly response: readonly string[];
  /** Sinks in write order. */
  readonly sinks: readonly string[];
}

/**
 * The running pipeline: sources call `ingest`, which resolves once the events are durable;
 * the typed streams let users compose their own operators.
 */
export interface Pipeline {
  /** Enriched events, emitted once durable in every sink. */
  readonly events$: Observable<VigilEvent>;
  /** Alerts raised by correlation plugins, emitted once stored. */
  readonly alerts$: Observable<VigilAlert>;
  /** Everything the pipeline could not process, with why. */
  readonly deadLetters$: Observable<DeadLetter>;
  /** Per-stage counts and latencies, one per batch and stage. */
  readonly metrics$: Observable<StageMetric>;
  /** Wire plugins and sinks. Called once before `ingest`. */
  start(): Promise<void>;
  /**
   * Normalize, enrich and write raw inputs from `source`. Resolves when every accepted item is durable.
   * Waits for capacity when too many events are in flight (backpressure).
   */
  ingest(inputs: readonly unknown[], source: string): Promise<IngestResult>;
  /** Flush sinks. */
  flush(): Promise<void>;
  /** Stop accepting input, drain in-flight batches, shut plugins and sinks down. Safe to call twice. */
  shutdown(): Promise<void>;
  /** Plugin and sink order, for `vigil` diagnostics. */
  describe(): PipelineDescription;
  /** Latest figures correlation plugins reported through `ctx.gauge` (live keys, evictions…), by plugin then name. */
  gauges(): ReadonlyMap<string, ReadonlyMap<string, number>>;
}

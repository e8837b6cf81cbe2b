import type { NormalizeOptions } from '../event/normalizeEvent';
import type { CorrelationPlugin } from '../plugins/CorrelationPlugin';
import type { EnrichmentPlugin } from '../plugins/EnrichmentPlugin';
import type { ResponsePlugin } from '../plugins/ResponsePlugin';
import type { EventSink } from '../sinks/EventSink';
import type { EventStore } from '../stores/EventStore';
import type { DeadLetter } from './DeadLetter';

/** Where dead letters are made durable (a file, a queue). */
export interface DeadLetterSink {
  /** Namespaced name, e.g. `'deadletters:file'`. */
  readonly name: string;
  /** Resolves once the dead letters are durable. */
  write(deadLetters: readonly DeadLetter[]): Promise<void>;
  /** Close; safe to call twice. */
  shutdown?(): Promise<void>;
}

/** Receives errors the pipeline recovered from (a plugin threw, a sink failed). Must not throw. */
export type PipelineErrorHandler = (error: unknown, where: { stage: string; plugin?: string }) => void;

/** Options of `createPipeline`. All optional. */
export interface PipelineOptions {
  /** The store: first sink, alert storage, and history for correlation. Without one, events go only to `sinks`. */
  store?: EventStore;
  /** Write events to the store (it still holds alerts). `false` for a correlation tier, whose events are stored upstream. @default true */
  storeEvents?: boolean;
  /** Check every event a plugin changed against the event model (types, severity, UTC times); a plugin that broke the shape dead-letters it. @default true */
  validate?: boolean;
  /** Extra sinks written after the store (each must succeed for an event to count as durable). @default [] */
  sinks?: readonly EventSink[];
  /** Enrichment plugins; run in `priority` order. @default [] */
  enrichment?: readonly EnrichmentPlugin[];
  /** Correlation plugins. @default [] */
  correlation?: readonly CorrelationPlugin[];
  /** Response plugins. @default [] */
  response?: readonly ResponsePlugin[];
  /** Durable home for dead letters (they are always emitted on `deadLetters$` too). */
  deadLetterSink?: DeadLetterSink;
  /** Normalization options (time zone, limits). */
  normalize?: NormalizeOptions;
  /** Events in flight (accepted, not yet durable) before `ingest` waits. @default 100000 */
  maxInFlight?: number;
  /** Events per internal batch; larger inputs are split. Batches that fit V8's young generation keep GC cheap. @default 500 */
  batchSize?: number;
  /** Batches written to sinks concurrently (lets a store group them into one transaction). @default 4 */
  sinkConcurrency?: number;
  /** Alerts handled concurrently per response plugin. @default 4 */
  responseConcurrency?: number;
  /** Recovered errors. @default writes one line to stderr */
  onError?: PipelineErrorHandler;
}

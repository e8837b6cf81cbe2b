import type { VigilEvent } from '../event/VigilEvent';
import type { WriteResult } from '../stores/EventStore';

/**
 * Where enriched events leave the pipeline (a store, a queue, a file).
 * `write` resolves only once the events are durable there.
 */
export interface EventSink {
  /** Namespaced name, e.g. `'sink:sqlite'`. */
  readonly name: string;
  /** Open connections. */
  start?(): Promise<void>;
  /** Write a batch; resolves once durable, with per-item failures. */
  write(events: readonly VigilEvent[]): Promise<WriteResult>;
  /** Make everything written durable. */
  flush?(): Promise<void>;
  /** Drain and close; safe to call twice. */
  shutdown?(): Promise<void>;
}

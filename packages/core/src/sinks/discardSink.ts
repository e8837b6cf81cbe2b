import type { EventSink } from './EventSink';

/**
 * A sink that keeps nothing, for a pipeline whose events are already durable elsewhere (a correlation tier reads
 * events that workers stored; acking them once correlated is all it needs).
 */
export function discardSink(): EventSink {
  return { name: 'sink:discard', write: async (events) => ({ written: events.length, duplicates: 0, failed: [] }) };
}

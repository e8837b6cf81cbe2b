import type { EventStore } from '../stores/EventStore';
import type { EventSink } from './EventSink';

/** Uses a store as a pipeline sink. The store's own lifecycle stays with its owner. */
export function storeSink(store: EventStore): EventSink {
  return {
    name: store.name,
    write: (events) => store.writeEvents(events),
    flush: () => store.flush(),
  };
}

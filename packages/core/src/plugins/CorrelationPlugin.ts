import type { Observable } from 'rxjs';
import type { VigilAlert } from '../alert/VigilAlert';
import type { VigilEvent } from '../event/VigilEvent';
import type { EventStore } from '../stores/EventStore';

/** Context handed to a correlation plugin when the pipeline wires it. */
export interface CorrelationContext {
  /** The plugin's own name. */
  readonly pluginName: string;
  /** The store, for rules that look back over history (scheduled queries); absent in a store-less pipeline. */
  readonly store?: EventStore;
  /** Report bounded-state figures (live keys, evictions) to metrics. */
  gauge(name: string, value: number): void;
}

/**
 * A correlation plugin: an RxJS operator from the enriched event stream to alerts.
 * Errors thrown inside are caught at the plugin boundary; the plugin is resubscribed.
 */
export interface CorrelationPlugin {
  /** Namespaced name, e.g. `'alerts:ssh-bruteforce'`. */
  readonly name: string;
  /** Turns events into alerts. */
  correlate(events: Observable<VigilEvent>, context: CorrelationContext): Observable<VigilAlert>;
}

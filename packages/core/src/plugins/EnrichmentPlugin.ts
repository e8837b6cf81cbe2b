import type { VigilEvent } from '../event/VigilEvent';

/**
 * What an enrichment hook returns: the (possibly changed) event, several events (a split),
 * or `null` to drop the event on purpose (counted in metrics as dropped by that plugin).
 */
export type EnrichmentResult = VigilEvent | VigilEvent[] | null;

/** Context handed to every enrichment call. */
export interface EnrichmentContext {
  /** The plugin's own name, for log lines and tags. */
  readonly pluginName: string;
}

/**
 * Which events a plugin sees. MozDef-style terms: the plugin runs when any term equals
 * (case-insensitively) a key or a string value anywhere in the event; `'*'` matches every event.
 * A predicate is the fast path for plugins that know exactly what they want.
 */
export type RegistrationTerms = readonly string[] | ((event: VigilEvent) => boolean);

/**
 * An enrichment plugin: made by a factory, a plain object with a namespaced `name`
 * (`'enrich:sshd'`). It may change, drop or split an event, synchronously or not.
 */
export interface EnrichmentPlugin {
  /** Namespaced name, e.g. `'enrich:geoip'`. */
  readonly name: string;
  /** Lower runs first; equal priorities keep registration order. @default 50 */
  readonly priority?: number;
  /** Which events this plugin runs on. */
  readonly registration: RegistrationTerms;
  /** The hook. Throwing dead-letters the event tagged with this plugin's name; the stream goes on. */
  enrich(event: VigilEvent, context: EnrichmentContext): EnrichmentResult | Promise<EnrichmentResult>;
  /** Called once before the first event (open databases, warm caches). */
  start?(): void | Promise<void>;
  /** Called once at shutdown. */
  shutdown?(): void | Promise<void>;
}

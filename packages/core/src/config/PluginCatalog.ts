import type { CorrelationPlugin } from '../plugins/CorrelationPlugin';
import type { EnrichmentPlugin } from '../plugins/EnrichmentPlugin';
import type { ResponsePlugin } from '../plugins/ResponsePlugin';

/** A plugin factory as a catalog holds it: options in, plugin out (options are checked by the factory). */
export type PluginFactory<T> = {
  // Method syntax keeps factories with their own option types assignable here.
  create(options?: object): T;
}['create'];

/**
 * What a plugin package exports as `vigilCatalog`, so a configuration can name its plugins.
 * Extend it by exporting one from your own package and listing the package under `packages:`.
 */
export interface PluginCatalog {
  /** Enrichment plugin factories by name (`enrich:geoip`). */
  enrichment?: Readonly<Record<string, PluginFactory<EnrichmentPlugin>>>;
  /** Enrichment presets by name (`default`). */
  enrichmentPresets?: Readonly<Record<string, PluginFactory<EnrichmentPlugin[]>>>;
  /** Correlation plugin factories by name; one factory may give several (a rule pack). */
  correlation?: Readonly<Record<string, PluginFactory<CorrelationPlugin | CorrelationPlugin[]>>>;
  /** Response plugin factories by name (`respond:webhook`). */
  response?: Readonly<Record<string, PluginFactory<ResponsePlugin>>>;
  /** What `vigil serve` runs when the configuration says nothing. */
  defaults?: { enrichmentPreset?: string; correlation?: readonly string[] };
}

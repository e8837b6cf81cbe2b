import type { DependencyContainer } from 'tsyringe';
import { VigilError } from '../errors/VigilError';
import type { CorrelationPlugin } from '../plugins/CorrelationPlugin';
import type { EnrichmentPlugin } from '../plugins/EnrichmentPlugin';
import type { ResponsePlugin } from '../plugins/ResponsePlugin';
import { componentToken, createContainer } from './createContainer';
import type { PluginCatalog, PluginFactory } from './PluginCatalog';
import type { PluginEntry, VigilConfig } from './VigilConfig';

/** Plugins built from a configuration, in order. */
export interface BuiltPlugins {
  /** Enrichment plugins (presets expanded). */
  enrichment: EnrichmentPlugin[];
  /** Correlation plugins. */
  correlation: CorrelationPlugin[];
  /** Response plugins. */
  response: ResponsePlugin[];
}

type Kind = 'enrichment' | 'enrichmentPreset' | 'correlation' | 'response';
const token = (kind: Kind, name: string): string => componentToken(kind, name);

function known(kind: Kind, catalogs: readonly PluginCatalog[]): string {
  const key = kind === 'enrichmentPreset' ? 'enrichmentPresets' : kind;
  const names = catalogs.flatMap((c) => Object.keys(c[key] ?? {}));
  return names.length > 0 ? names.join(', ') : '(none: list a plugin package under `packages:`)';
}

/**
 * Builds the plugins a configuration names from the catalogs of the loaded plugin packages.
 * Defaults come from the catalogs when a list is absent from the configuration.
 * @throws VigilError `PLUGIN_UNKNOWN` (with the known names) or `PLUGIN_OPTIONS` (the factory refused its options).
 */
export function buildPlugins(
  config: VigilConfig,
  catalogs: readonly PluginCatalog[],
  container: DependencyContainer = createContainer(catalogs),
): BuiltPlugins {
  const build = <T>(kind: Kind, entry: PluginEntry, where: string): T => {
    const name = (kind === 'enrichmentPreset' ? entry.preset : entry.plugin)!;
    if (!container.isRegistered(token(kind, name))) {
      throw new VigilError('PLUGIN_UNKNOWN', `${where}: no ${kind === 'enrichmentPreset' ? 'preset' : 'plugin'} named "${name}". Known: ${known(kind, catalogs)}`);
    }
    const factory = container.resolve<PluginFactory<T>>(token(kind, name));
    try {
      return factory(entry.options);
    } catch (error) {
      throw new VigilError('PLUGIN_OPTIONS', `${where}: ${name} refused its options: ${(error as Error).message}`, { cause: error });
    }
  };

  const enrichmentEntries =
    config.enrichment ??
    catalogs.flatMap((c) => (c.defaults?.enrichmentPreset ? [{ preset: c.defaults.enrichmentPreset }] : []));
  const enrichment = enrichmentEntries.flatMap((entry, i) =>
    entry.preset !== undefined
      ? build<EnrichmentPlugin[]>('enrichmentPreset', entry, `enrichment[${i}]`)
      : [build<EnrichmentPlugin>('enrichment', entry, `enrichment[${i}]`)],
  );
  const correlationEntries =
    config.correlation ?? catalogs.flatMap((c) => (c.defaults?.correlation ?? []).map((plugin) => ({ plugin })));
  const correlation = correlationEntries.flatMap((entry, i) => {
    const built = build<CorrelationPlugin | CorrelationPlugin[]>('correlation', entry, `correlation[${i}]`);
    return Array.isArray(built) ? built : [built];
  });
  const response = (config.response ?? []).map((entry, i) => build<ResponsePlugin>('response', entry, `response[${i}]`));
  return { enrichment, correlation, response };
}

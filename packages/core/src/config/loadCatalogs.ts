import { VigilError } from '../errors/VigilError';
import type { PluginCatalog } from './PluginCatalog';

/** The plugin packages `vigil serve` loads when the configuration names none (those installed). */
export const DEFAULT_PLUGIN_PACKAGES: readonly string[] = ['@vigil/plugins-enrich', '@vigil/plugins-alerts'];

/**
 * Imports plugin packages and returns their `vigilCatalog` exports.
 * Named packages must load; default packages that are not installed are skipped.
 * @throws VigilError `PLUGIN_PACKAGE` when a named package cannot be imported or exports no catalog.
 */
export async function loadCatalogs(packages?: readonly string[]): Promise<PluginCatalog[]> {
  const explicit = packages !== undefined;
  const catalogs: PluginCatalog[] = [];
  for (const specifier of packages ?? DEFAULT_PLUGIN_PACKAGES) {
    let mod: { vigilCatalog?: PluginCatalog };
    try {
      mod = (await import(specifier)) as { vigilCatalog?: PluginCatalog };
    } catch (error) {
      if (!explicit && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') continue;
      throw new VigilError('PLUGIN_PACKAGE', `cannot load plugin package ${specifier}: ${(error as Error).message}`, { cause: error });
    }
    if (mod.vigilCatalog === undefined) {
      if (!explicit) continue;
      throw new VigilError('PLUGIN_PACKAGE', `plugin package ${specifier} exports no \`vigilCatalog\``);
    }
    catalogs.push(mod.vigilCatalog);
  }
  return catalogs;
}

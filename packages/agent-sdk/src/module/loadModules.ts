import { AgentError } from '../errors/AgentError';
import type { ModuleDefinition } from './ModuleDefinition';
import { createModuleRegistry } from './ModuleRegistry';
import type { ModuleRegistry, ModuleSource } from './ModuleRegistry';

function isDefinition(value: unknown): value is ModuleDefinition {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && typeof (value as { run?: unknown }).run === 'function';
}

/**
 * Imports module definitions (by default `allModules` from `@vigil/modules`) and registers each with its
 * source, so workers can load it too.
 * @throws AgentError `MODULES_NOT_FOUND` when the specifier cannot be imported or has no such export.
 */
export async function loadModules(source: ModuleSource = { specifier: '@vigil/modules', exportName: 'allModules' }, registry: ModuleRegistry = createModuleRegistry()): Promise<ModuleRegistry> {
  const exportName = source.exportName ?? 'default';
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(source.specifier)) as Record<string, unknown>;
  } catch (cause) {
    throw new AgentError('MODULES_NOT_FOUND', `cannot import modules from "${source.specifier}": ${(cause as Error).message}; install it or set the module specifier`, { cause });
  }
  const exported = namespace[exportName];
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0 || !list.every(isDefinition)) {
    throw new AgentError('MODULES_NOT_FOUND', `"${source.specifier}" has no export "${exportName}" holding module definitions`);
  }
  for (const definition of list) registry.register(definition, { specifier: source.specifier, exportName });
  return registry;
}

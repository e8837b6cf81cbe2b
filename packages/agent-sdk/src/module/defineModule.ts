import { AgentError } from '../errors/AgentError';
import type { ModuleDefinition } from './ModuleDefinition';

const MODULE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * Declares a module. Checks the definition once, at load time, and returns it frozen.
 * @throws AgentError `MODULE_INVALID` when the name, schema or `run` is missing or malformed.
 */
export function defineModule<Params, Elements, Statistics>(
  definition: ModuleDefinition<Params, Elements, Statistics>,
): ModuleDefinition<Params, Elements, Statistics> {
  if (!MODULE_NAME.test(definition.name)) {
    throw new AgentError('MODULE_INVALID', `module name "${definition.name}" must match ${MODULE_NAME.source}`);
  }
  if (typeof definition.run !== 'function') {
    throw new AgentError('MODULE_INVALID', `module "${definition.name}" has no run(params, context) function`);
  }
  if (typeof definition.params !== 'object' || definition.params === null) {
    throw new AgentError('MODULE_INVALID', `module "${definition.name}" needs a JSON Schema in "params"`);
  }
  return Object.freeze(definition);
}

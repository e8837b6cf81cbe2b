import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { AgentError } from '../errors/AgentError';
import type { ModuleDefinition } from './ModuleDefinition';

/** Where a worker thread loads a module from: `import(specifier)` then `[exportName]` (a definition or a list of them). */
export interface ModuleSource {
  /** An import specifier: a package name (resolved from the working directory), an absolute path or a `file:` URL. */
  readonly specifier: string;
  /** The export holding the definition, or a list of definitions searched by name. @default 'default' */
  readonly exportName?: string;
}

/** A module known to a registry. */
export interface RegisteredModule {
  /** The definition, loaded in this thread for validation, flags and rendering. */
  readonly definition: ModuleDefinition;
  /** Where workers load it from; without one the module cannot be run in isolation. */
  readonly source: ModuleSource | undefined;
}

/** Outcome of {@link ModuleRegistry.validate}. */
export type ParamsValidation = { ok: true } | { ok: false; code: 'MODULE_UNKNOWN' | 'PARAMS_INVALID'; reason: string };

/** The modules an agent or investigator knows, by name, with their parameter schemas compiled once. */
export interface ModuleRegistry {
  /** Adds a module; its schema is compiled now. @throws AgentError `MODULE_DUPLICATE`, `MODULE_INVALID` */
  register(definition: ModuleDefinition, source?: ModuleSource): void;
  /** The module of that name, if any. */
  get(name: string): RegisteredModule | undefined;
  /** All modules, in registration order. */
  list(): RegisteredModule[];
  /** Checks parameters against the module's JSON Schema, reporting every error. */
  validate(name: string, params: unknown): ParamsValidation;
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath === '' ? '(params)' : e.instancePath} ${e.message ?? 'is invalid'}`)
    .join('; ');
}

/** Creates an empty {@link ModuleRegistry}. */
export function createModuleRegistry(definitions: readonly { definition: ModuleDefinition; source?: ModuleSource }[] = []): ModuleRegistry {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const entries = new Map<string, RegisteredModule & { validator: ValidateFunction }>();
  const registry: ModuleRegistry = {
    register(definition, source) {
      if (entries.has(definition.name)) {
        throw new AgentError('MODULE_DUPLICATE', `module "${definition.name}" is registered twice; module names must be unique`);
      }
      let validator: ValidateFunction;
      try {
        validator = ajv.compile(definition.params);
      } catch (cause) {
        throw new AgentError('MODULE_INVALID', `module "${definition.name}" has an invalid params schema: ${(cause as Error).message}`, { cause });
      }
      entries.set(definition.name, { definition, source, validator });
    },
    get(name) {
      const entry = entries.get(name);
      return entry === undefined ? undefined : { definition: entry.definition, source: entry.source };
    },
    list() {
      return [...entries.values()].map((e) => ({ definition: e.definition, source: e.source }));
    },
    validate(name, params) {
      const entry = entries.get(name);
      if (entry === undefined) return { ok: false, code: 'MODULE_UNKNOWN', reason: `no module named "${name}" is available` };
      if (entry.validator(params)) return { ok: true };
      return { ok: false, code: 'PARAMS_INVALID', reason: `invalid parameters for module "${name}": ${formatErrors(entry.validator.errors)}` };
    },
  };
  for (const { definition, source } of definitions) registry.register(definition, source);
  return registry;
}

import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { EnrichError } from '../EnrichError';

// Union types (`['string', 'object']`) let an option take a path or an object of paths.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = new WeakMap<object, ValidateFunction>();

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'options' : `options${error.instancePath.replace(/\//g, '.')}`;
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty ?? '?';
    return `${where} has an unknown option "${extra}" (remove it or check its spelling)`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

/**
 * Validates a plugin's options once, at construction, against a JSON Schema; throws an `EnrichError`
 * listing every problem at once. `undefined` options are treated as `{}`.
 */
export function validateOptions<T extends object>(plugin: string, schema: object, options: T | undefined): T {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const value = options ?? ({} as T);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new EnrichError(
      'ENRICH_OPTIONS_INVALID',
      `${plugin}: invalid options: ${problems.join('; ')}. See docs/plugins-enrich.md for the options of ${plugin}.`,
    );
  }
  return value;
}

import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import schema from '../../schemas/config.schema.json';
import type { VigilConfig } from './VigilConfig';

/** A configuration, or every problem found in it (each with its path). */
export type ConfigResult = { ok: true; config: VigilConfig } | { ok: false; errors: string[] };

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const validate = ajv.compile<VigilConfig>(schema);
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${NAME}` and `${NAME:-default}` in every string; unset names without a default are errors. */
function substitute(value: unknown, path: string, env: NodeJS.ProcessEnv, errors: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_all, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      errors.push(`${path || '/'}: environment variable ${name} is not set (use \${${name}:-default} for a default)`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, `${path}/${i}`, env, errors));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substitute(item, `${path}/${key}`, env, errors);
    return out;
  }
  return value;
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') {
    return `${path}: unknown key "${String((error.params as { additionalProperty: string }).additionalProperty)}"`;
  }
  if (error.keyword === 'enum') return `${path}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${path}: ${error.message ?? 'is invalid'}`;
}

/**
 * Parses a YAML configuration text: YAML syntax, `${ENV}` substitution, then the JSON Schema.
 * Every error is reported at once, with its path.
 */
export function parseConfig(text: string, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => `YAML ${e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : ''}: ${e.message.split('\n')[0]}`) };
  }
  const raw: unknown = doc.toJS() ?? {};
  const errors: string[] = [];
  const value = substitute(raw, '', env, errors);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: ['/: the configuration must be a mapping (key: value)'] };
  }
  if (!validate(value)) {
    for (const error of validate.errors ?? []) errors.push(describe(error));
  }
  return errors.length > 0 ? { ok: false, errors: [...new Set(errors)] } : { ok: true, config: value as VigilConfig };
}

import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Action } from './Action';
import { actionSchema } from './actionSchema';
import { parseRfc3339 } from './internal/rfc3339';

/** Why `parseAction` refused its input. */
export type ParseActionFailureCode = 'INVALID_JSON' | 'INVALID_ACTION';

/** Result of `parseAction`: the typed action, or every problem found at once. */
export type ParseActionResult =
  | { ok: true; action: Action }
  | { ok: false; code: ParseActionFailureCode; reason: string };

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(actionSchema);
  return validator;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'action' : `action${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    return `${where} has unknown field '${String(error.params['additionalProperty'])}'`;
  }
  if (error.keyword === 'const') return `${where} must be ${JSON.stringify(error.params['allowedValue'])}`;
  if (error.keyword === 'pattern') return `${where} must be an RFC 3339 date-time like 2026-01-02T15:04:05Z`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/**
 * Parses and validates a MIG/Vigil action (an object, or its JSON text). Never throws: a bad input comes back as
 * `{ ok: false }` with all schema errors in `reason`. The returned action is a fresh copy.
 */
export function parseAction(input: unknown): ParseActionResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, code: 'INVALID_JSON', reason: `action is not JSON: ${(error as Error).message}` };
    }
  } else {
    try {
      value = structuredClone(input);
    } catch (error) {
      return { ok: false, code: 'INVALID_ACTION', reason: `action is not plain data: ${(error as Error).message}` };
    }
  }
  const check = validate();
  if (!check(value)) {
    const reasons = [...new Set((check.errors ?? []).filter((e) => e.keyword !== 'anyOf').map(describe))];
    return { ok: false, code: 'INVALID_ACTION', reason: reasons.join('; ') };
  }
  const action = value as Action;
  const problems: string[] = [];
  for (const field of ['validfrom', 'expireafter', 'starttime', 'finishtime', 'lastupdatetime'] as const) {
    const text = action[field];
    if (text !== undefined && parseRfc3339(text) === undefined) problems.push(`action/${field} '${text}' is not a valid date`);
  }
  if (action.validfrom !== undefined && action.expireafter !== undefined && problems.length === 0) {
    if (parseRfc3339(action.validfrom)!.epochMs > parseRfc3339(action.expireafter)!.epochMs) {
      problems.push('action/expireafter is before action/validfrom');
    }
  }
  if (problems.length > 0) return { ok: false, code: 'INVALID_ACTION', reason: problems.join('; ') };
  return { ok: true, action };
}

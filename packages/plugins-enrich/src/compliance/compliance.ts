import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { addTag, detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link compliance}. */
export interface ComplianceOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' } },
  additionalProperties: false,
};

const LEVELS = ['low', 'medium', 'high', 'maximum'];
const nonEmpty = { type: 'string', minLength: 1 };

/** The compliance item as MozDef and MIG compliance actions send it. */
const ITEM_SCHEMA = {
  type: 'object',
  required: ['target', 'compliance', 'policy', 'check'],
  properties: {
    utctimestamp: { type: 'string' },
    target: nonEmpty,
    compliance: { type: 'boolean' },
    link: { type: 'string' },
    policy: {
      type: 'object',
      required: ['name', 'level'],
      properties: { url: { type: 'string' }, name: nonEmpty, level: { enum: LEVELS } },
    },
    check: {
      type: 'object',
      required: ['ref', 'name'],
      properties: {
        ref: nonEmpty,
        description: { type: 'string' },
        name: nonEmpty,
        location: { type: 'string' },
        test: { type: 'object', required: ['type', 'value'], properties: { type: nonEmpty, value: { type: 'string' } } },
      },
    },
  },
};

const itemValidator = new Ajv({ allErrors: true, strict: false }).compile(ITEM_SCHEMA);

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'item' : error.instancePath.slice(1).replaceAll('/', '.');
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Repairs the common variations before validation: text booleans, upper-case levels, padded strings. */
function normalize(item: Details): void {
  const c = item['compliance'];
  if (c === 'true' || c === 'false') item['compliance'] = c === 'true';
  if (typeof item['target'] === 'string') item['target'] = item['target'].trim();
  const policy = item['policy'];
  if (isRecord(policy) && typeof policy['level'] === 'string') policy['level'] = policy['level'].trim().toLowerCase();
}

function isItem(d: Details): boolean {
  return d['target'] !== undefined && d['check'] !== undefined && d['compliance'] !== undefined;
}

/**
 * Validates and normalizes compliance items (category `complianceitems` with the item in `details`, or a bare
 * item): flat `details.policylevel`, `policyname`, `checkref`, `checkname` for searching per target, level
 * and check; a readable summary. Invalid items are tagged `vigil:invalid-complianceitem` with
 * `details.validationerrors`.
 */
export function compliance(options?: ComplianceOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:compliance', SCHEMA, options);
  const name = 'enrich:compliance';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      if (event.category === 'complianceitems' || event.type === 'complianceitem') return true;
      const d: unknown = event.details;
      return isRecord(d) && d['check'] !== undefined && d['compliance'] !== undefined;
    },
    enrich(event) {
      const d = detailsOf(event);
      if (!isItem(d) && event.category !== 'complianceitems' && event.type !== 'complianceitem') return event;
      normalize(d);
      event.category = 'complianceitems';
      event.type = 'complianceitem';
      const valid: boolean = itemValidator(d as unknown);
      if (!valid) {
        d['validationerrors'] = (itemValidator.errors ?? []).map(describe);
        addTag(event, 'vigil:invalid-complianceitem');
        markPlugin(event, name);
        return event;
      }
      const policy = d['policy'] as Details;
      const check = d['check'] as Details;
      d['policylevel'] = policy['level'];
      d['policyname'] = policy['name'];
      d['checkref'] = check['ref'];
      d['checkname'] = check['name'];
      const passed = d['compliance'] === true;
      event.summary = `${String(d['target'])} ${passed ? 'passes' : 'fails'} ${String(check['name'])} (${String(policy['name'])}, level ${String(policy['level'])})`;
      addTag(event, passed ? 'compliant' : 'noncompliant');
      markPlugin(event, name);
      return event;
    },
  };
}

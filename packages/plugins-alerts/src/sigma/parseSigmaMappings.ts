import { Ajv } from 'ajv';
import { VigilError } from '@vigil/core';
import { parse } from 'yaml';
import type { SigmaOptions } from './SigmaOptions';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mappings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          logsource: {
            type: 'object',
            additionalProperties: false,
            properties: { product: { type: 'string' }, service: { type: 'string' }, category: { type: 'string' } },
          },
          fields: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
          condition: { type: 'string', minLength: 1 },
        },
      },
    },
    placeholders: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    keywordFields: { type: 'array', items: { type: 'string', minLength: 1 } },
    unmappedFields: { enum: ['details', 'error'] },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(SCHEMA);

/**
 * Parses a Sigma mapping file (YAML: `mappings`, `placeholders`, `keywordFields`, `unmappedFields`) into
 * {@link SigmaOptions}. Give `mappings` to replace the defaults; spread `DEFAULT_SIGMA_MAPPINGS` first to extend.
 * @throws VigilError `SIGMA_MAPPING_INVALID` listing every problem with its path.
 */
export function parseSigmaMappings(text: string): SigmaOptions {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new VigilError('SIGMA_MAPPING_INVALID', `Sigma mapping is not YAML: ${(error as Error).message}`, { cause: error });
  }
  if (!validate(doc)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new VigilError('SIGMA_MAPPING_INVALID', `Sigma mapping has ${problems.length} problem(s): ${problems.join('; ')}`);
  }
  return doc as SigmaOptions;
}

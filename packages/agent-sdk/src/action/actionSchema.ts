import { RFC3339_PATTERN } from './internal/rfc3339';

const time = { type: 'string', pattern: RFC3339_PATTERN } as const;
const fingerprint = { type: 'string', pattern: '^([0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})$' } as const;

/**
 * JSON Schema (draft-07) of a MIG syntax-version-2 action with Vigil's `id` and `signatures`. Unknown fields are
 * refused: in the Vigil format everything but the signatures is signed, so nothing may ride along unchecked.
 */
export const actionSchema = {
  $id: 'https://vigil.dev/schemas/agent-sdk/action.json',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'target', 'operations', 'syntaxversion'],
  properties: {
    id: { anyOf: [{ type: 'string', minLength: 1, maxLength: 256 }, { type: 'number' }] },
    name: { type: 'string', minLength: 1 },
    target: { type: 'string', minLength: 1 },
    description: {
      type: 'object',
      additionalProperties: false,
      properties: {
        author: { type: 'string' },
        email: { type: 'string' },
        url: { type: 'string' },
        revision: { type: 'number' },
      },
    },
    threat: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ref: { type: 'string' },
        level: { type: 'string' },
        family: { type: 'string' },
        type: { type: 'string' },
      },
    },
    validfrom: time,
    expireafter: time,
    operations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['module'],
        properties: {
          module: { type: 'string', minLength: 1 },
          parameters: {},
          is_compressed: { type: 'boolean' },
          want_compressed: { type: 'boolean' },
        },
      },
    },
    pgpsignatures: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }] },
    signatures: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['format', 'signature'],
        properties: {
          format: { const: 'vigil-jcs-1' },
          fingerprint,
          signature: { type: 'string', minLength: 1 },
        },
      },
    },
    syntaxversion: { const: 2 },
    investigators: { type: 'array' },
    status: { type: 'string' },
    starttime: time,
    finishtime: time,
    lastupdatetime: time,
    counters: { type: 'object', additionalProperties: { type: 'number' } },
  },
} as const;

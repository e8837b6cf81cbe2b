import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Acl, AclEntry, AclInvestigator } from './Acl';

/** Result of `parseAcl`: the ACL, or every problem found at once. */
export type ParseAclResult = { ok: true; acl: Acl } | { ok: false; code: 'INVALID_ACL'; reason: string };

const aclSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['minimumweight', 'investigators'],
    properties: {
      minimumweight: { type: 'integer' },
      investigators: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['fingerprint', 'weight'],
          properties: {
            fingerprint: { type: 'string' },
            weight: { type: 'integer' },
          },
        },
      },
    },
  },
} as const;

let validator: ValidateFunction | undefined;

type RawAcl = Record<string, { minimumweight: number; investigators: Record<string, { fingerprint: string; weight: number }> }>;

/**
 * Parses and checks an agent ACL (object or JSON text) in MIG's format. Refuses, with a reason per problem:
 * a `minimumweight` below 1 (the module would run unsigned), a negative weight, a fingerprint that is not 40 or
 * 64 hex digits, and a fingerprint listed twice in one entry. Fingerprints are normalized to upper case.
 */
export function parseAcl(input: unknown): ParseAclResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, code: 'INVALID_ACL', reason: `ACL is not JSON: ${(error as Error).message}` };
    }
  }
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(aclSchema);
  if (!validator(value)) {
    const reasons = (validator.errors ?? []).map((e) => {
      const where = `acl${e.instancePath}`;
      if (e.keyword === 'additionalProperties') return `${where} has unknown field '${String(e.params['additionalProperty'])}'`;
      return `${where} ${e.message ?? 'is invalid'}`;
    });
    return { ok: false, code: 'INVALID_ACL', reason: reasons.join('; ') };
  }
  const raw = value as RawAcl;
  const problems: string[] = [];
  const acl: Record<string, AclEntry> = Object.create(null) as Record<string, AclEntry>;
  for (const [module, entry] of Object.entries(raw)) {
    if (entry.minimumweight < 1) {
      problems.push(
        `acl entry '${module}' has minimumweight ${entry.minimumweight}, below 1: it must be 1 or more, or the module would run without any signature`,
      );
    }
    const investigators: Record<string, AclInvestigator> = Object.create(null) as Record<string, AclInvestigator>;
    const byFingerprint = new Map<string, string>();
    for (const [name, investigator] of Object.entries(entry.investigators)) {
      const fingerprint = investigator.fingerprint.replace(/\s+/g, '').toUpperCase();
      if (!/^([0-9A-F]{40}|[0-9A-F]{64})$/.test(fingerprint)) {
        problems.push(`acl entry '${module}', investigator '${name}': fingerprint '${investigator.fingerprint}' is not 40 or 64 hex digits`);
      }
      if (investigator.weight < 0) {
        problems.push(`acl entry '${module}', investigator '${name}': weight ${investigator.weight} is negative`);
      }
      const other = byFingerprint.get(fingerprint);
      if (other !== undefined) {
        problems.push(`acl entry '${module}': investigators '${other}' and '${name}' have the same fingerprint, list each key once`);
      }
      byFingerprint.set(fingerprint, name);
      investigators[name] = { fingerprint, weight: investigator.weight };
    }
    acl[module] = { minimumweight: entry.minimumweight, investigators };
  }
  if (problems.length > 0) return { ok: false, code: 'INVALID_ACL', reason: problems.join('; ') };
  return { ok: true, acl };
}

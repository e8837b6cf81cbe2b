import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import schema from '../../policies/compliance-policy.schema.json';
import { compileMigRegex } from '../internal/compileMigRegex';
import type { CompliancePolicy } from './CompliancePolicy';

/** Outcome of {@link parseCompliancePolicy}: the policy, or every problem found in it. */
export type ParseCompliancePolicyResult =
  | { readonly ok: true; readonly policy: CompliancePolicy }
  | { readonly ok: false; readonly code: 'POLICY_INVALID'; readonly reason: string; readonly problems: string[] };

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<CompliancePolicy>(schema);

/** The JSON Schema compliance policies are checked against. */
export const compliancePolicySchema: Readonly<Record<string, unknown>> = schema;

function describe(e: ErrorObject): string {
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`;
}

function regexProblems(policy: CompliancePolicy): string[] {
  const problems: string[] = [];
  const refs = new Set<string>();
  for (const [k, check] of policy.checks.entries()) {
    if (refs.has(check.ref)) problems.push(`/checks/${k}/ref "${check.ref}" is used twice`);
    refs.add(check.ref);
    const t = check.test;
    const sources = t.type === 'regex' ? [t.pattern] : t.type === 'keyvalue' ? [t.match, t.stopAt] : [];
    for (const source of sources) {
      if (source === undefined) continue;
      const compiled = compileMigRegex(source);
      if (!compiled.ok) problems.push(`/checks/${k}/test ${compiled.reason}`);
    }
  }
  return problems;
}

/**
 * Checks a compliance policy, given as YAML text or as an already parsed object, against
 * `policies/compliance-policy.schema.json` (all errors at once) and compiles its regular expressions.
 */
export function parseCompliancePolicy(input: string | unknown): ParseCompliancePolicyResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = parseYaml(input);
    } catch (error) {
      return { ok: false, code: 'POLICY_INVALID', reason: `policy is not valid YAML: ${(error as Error).message}`, problems: [] };
    }
  }
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(describe);
    return { ok: false, code: 'POLICY_INVALID', reason: `policy does not match its schema: ${problems.slice(0, 3).join('; ')}`, problems };
  }
  const problems = regexProblems(value);
  if (problems.length > 0) return { ok: false, code: 'POLICY_INVALID', reason: problems.join('; '), problems };
  return { ok: true, policy: value };
}

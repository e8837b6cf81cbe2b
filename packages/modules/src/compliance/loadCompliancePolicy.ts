import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentError } from '@vigil/agent-sdk';
import type { CompliancePolicy } from './CompliancePolicy';
import { parseCompliancePolicy } from './parseCompliancePolicy';

const POLICY_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** The `policies/` directory shipped with @vigil/modules (found from the source tree or from `dist/`). */
export function builtinPoliciesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 5; k++) {
    const candidate = join(dir, 'policies');
    if (existsSync(join(candidate, 'compliance-policy.schema.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new AgentError('POLICIES_MISSING', `cannot find the policies/ directory of @vigil/modules above ${fileURLToPath(import.meta.url)}; reinstall the package`);
}

/** Names of the policies shipped in `policies/*.yaml`. */
export function listBuiltinPolicies(): string[] {
  return readdirSync(builtinPoliciesDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * Loads a shipped policy by name (`baseline`). Unknown names are an expected failure, returned as a value.
 * @throws AgentError `POLICY_INVALID` when a shipped policy file is broken (a packaging bug).
 */
export function loadCompliancePolicy(name: string): { ok: true; policy: CompliancePolicy } | { ok: false; code: 'POLICY_UNKNOWN'; reason: string } {
  const known = listBuiltinPolicies();
  if (!POLICY_NAME.test(name) || !known.includes(name)) {
    return { ok: false, code: 'POLICY_UNKNOWN', reason: `no policy named "${name}"; shipped policies: ${known.join(', ')}` };
  }
  const parsed = parseCompliancePolicy(readFileSync(join(builtinPoliciesDir(), `${name}.yaml`), 'utf8'));
  if (!parsed.ok) throw new AgentError('POLICY_INVALID', `shipped policy ${name}.yaml is invalid: ${parsed.problems.join('; ') || parsed.reason}`);
  return { ok: true, policy: parsed.policy };
}

import type { AgentEnvironment } from '../agent/AgentEnvironment';
import type { VerifiedAction } from '../agent/ActionVerifier';
import type { ModuleResult } from '../module/ModuleResult';
import type { ComplianceItem, ComplianceLevel } from './ComplianceItem';

/**
 * One check as a compliance module reports it: modules put a list of these under `elements.compliance`
 * (see docs/writing-modules.md). Policy fields default to the action's.
 */
export interface ComplianceCheck {
  /** Stable reference of the check, e.g. `sysmediumupdates1`. */
  ref: string;
  /** Short name. */
  name: string;
  /** What it verifies. */
  description: string;
  /** Where on the host it looked (path, package name). */
  location?: string;
  /** How it tested, e.g. `{ type: 'package', value: 'openssl >= 3.0.13' }`. */
  test: { type: string; value: string };
  /** True when the host passes. */
  compliance: boolean;
  /** Remediation link. */
  link?: string;
  /** Policy the check belongs to. */
  policy?: { name?: string; url?: string; level?: ComplianceLevel };
}

const LEVELS: readonly string[] = ['low', 'medium', 'high', 'maximum'];

function isCheck(value: unknown): value is ComplianceCheck {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const test = v['test'] as Record<string, unknown> | undefined;
  return typeof v['ref'] === 'string' && typeof v['compliance'] === 'boolean' && typeof test === 'object' && test !== null && typeof test['type'] === 'string';
}

/**
 * Turns the checks a module reported under `elements.compliance` into compliance items for one agent.
 * Policy name defaults to the action's name, its URL to the action's `description.url`, and its level to the
 * action's `threat.level` when that is a compliance level (else `medium`). Entries that are not checks are skipped.
 */
export function toComplianceItems(result: ModuleResult, action: Pick<VerifiedAction, 'name' | 'description' | 'threat'>, agent: Pick<AgentEnvironment, 'hostname'>, now: Date = new Date()): ComplianceItem[] {
  const elements = result.elements as { compliance?: unknown } | null | undefined;
  const checks = typeof elements === 'object' && elements !== null && Array.isArray(elements.compliance) ? elements.compliance : [];
  const actionLevel = action.threat?.level;
  const defaultLevel: ComplianceLevel = actionLevel !== undefined && LEVELS.includes(actionLevel) ? (actionLevel as ComplianceLevel) : 'medium';
  return checks.filter(isCheck).map((check) => {
    const url = check.policy?.url ?? action.description?.url ?? '';
    return {
      utctimestamp: now.toISOString(),
      target: agent.hostname,
      compliance: check.compliance,
      link: check.link ?? url,
      policy: { url, name: check.policy?.name ?? action.name, level: check.policy?.level ?? defaultLevel },
      check: {
        ref: check.ref,
        description: check.description,
        name: check.name,
        location: check.location ?? '',
        test: { type: check.test.type, value: String(check.test.value) },
      },
    };
  });
}

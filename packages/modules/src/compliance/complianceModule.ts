import { readFileSync } from 'node:fs';
import { AgentError, defineModule } from '@vigil/agent-sdk';
import type { ComplianceItem, ComplianceLevel, FlagSpec, ModuleResult, ParsedFlags, ShowMode } from '@vigil/agent-sdk';
import { listFlag, stringFlag } from '../internal/flagValues';
import type { CompliancePolicy } from './CompliancePolicy';
import { loadCompliancePolicy } from './loadCompliancePolicy';
import { parseCompliancePolicy } from './parseCompliancePolicy';
import { COMPLIANCE_LEVELS, runCompliancePolicy } from './runCompliancePolicy';

/** Parameters of the compliance module. */
export interface ComplianceParams {
  /** A shipped policy's name (`baseline`) or an inline policy document. @default 'baseline' */
  readonly policy?: string | Record<string, unknown>;
  /** Levels whose checks run. @default all four */
  readonly levels?: ComplianceLevel[];
  /** Directory standing for the host's `/`. @default '/' */
  readonly root?: string;
  /** `target` written in the items. @default the host name */
  readonly target?: string;
}

/** Pass/fail counts. */
export interface ComplianceCounts {
  passed: number;
  failed: number;
}

/** Elements of a compliance result. */
export interface ComplianceElements {
  /** One compliance item per check run, ready to send into a Vigil pipeline. */
  items: ComplianceItem[];
  /** Why each check passed or failed, by check ref. */
  reasons: Record<string, string>;
}

/** Statistics of a compliance result. */
export interface ComplianceStatistics extends ComplianceCounts {
  /** Counts per level. */
  levels: Record<ComplianceLevel, ComplianceCounts>;
  /** Time spent, in milliseconds. */
  exectimeMs: number;
}

const complianceParamsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    policy: { oneOf: [{ type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' }, { type: 'object' }] },
    levels: { type: 'array', items: { enum: [...COMPLIANCE_LEVELS] }, uniqueItems: true, minItems: 1 },
    root: { type: 'string', minLength: 1 },
    target: { type: 'string', minLength: 1 },
  },
} as const;

const complianceFlags: readonly FlagSpec[] = [
  { name: 'policy', kind: 'string', description: 'shipped policy to run (default baseline)' },
  { name: 'policyfile', kind: 'string', description: 'YAML policy file to send inline, read on the investigator side' },
  { name: 'level', kind: 'list', description: 'level to include: low, medium, high or maximum (repeatable, default all)' },
  { name: 'root', kind: 'string', description: 'root directory of the host to check (default /)' },
  { name: 'target', kind: 'string', description: 'target name written in the compliance items (default host name)' },
];

function complianceParamsFromFlags(flags: ParsedFlags): ComplianceParams {
  const file = stringFlag(flags, 'policyfile');
  let policy: ComplianceParams['policy'] = stringFlag(flags, 'policy');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new AgentError('FLAGS_INVALID', `cannot read policy file ${file}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = parseCompliancePolicy(text);
    if (!parsed.ok) throw new AgentError('FLAGS_INVALID', `policy file ${file}: ${parsed.problems.join('; ') || parsed.reason}`);
    policy = parsed.policy as unknown as Record<string, unknown>;
  }
  const levels = listFlag(flags, 'level');
  for (const l of levels) {
    if (!(COMPLIANCE_LEVELS as readonly string[]).includes(l)) throw new AgentError('FLAGS_INVALID', `-level must be one of ${COMPLIANCE_LEVELS.join(', ')}, got "${l}"`);
  }
  const root = stringFlag(flags, 'root');
  const target = stringFlag(flags, 'target');
  return {
    ...(policy !== undefined ? { policy } : {}),
    ...(levels.length > 0 ? { levels: levels as ComplianceLevel[] } : {}),
    ...(root !== undefined ? { root } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}

function emptyLevels(): Record<ComplianceLevel, ComplianceCounts> {
  return { low: { passed: 0, failed: 0 }, medium: { passed: 0, failed: 0 }, high: { passed: 0, failed: 0 }, maximum: { passed: 0, failed: 0 } };
}

function renderCompliance(result: ModuleResult<ComplianceElements, ComplianceStatistics>, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const item of result.elements.items) {
    if (show === 'found' && item.compliance) continue;
    if (show === 'notfound' && !item.compliance) continue;
    const verdict = item.compliance ? 'pass' : 'FAIL';
    lines.push(`[${verdict}] ${item.policy.level.padEnd(7)} ${item.check.ref}: ${result.elements.reasons[item.check.ref] ?? ''}`);
  }
  const s = result.statistics;
  const perLevel = COMPLIANCE_LEVELS.map((l) => `${l} ${s.levels[l].passed}/${s.levels[l].passed + s.levels[l].failed}`).join(', ');
  lines.push(`${s.passed} passed, ${s.failed} failed (${perLevel})`);
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

function failure(errors: string[]): ModuleResult<ComplianceElements, ComplianceStatistics> {
  return {
    foundanything: false,
    success: false,
    elements: { items: [], reasons: {} },
    statistics: { passed: 0, failed: 0, levels: emptyLevels(), exectimeMs: 0 },
    errors,
  };
}

/**
 * The compliance module: runs a policy's checks (sshd and other configuration by regex or key/value, file modes,
 * sysctls, world-writable PATH entries) and returns one compliance item per check. `foundanything` means some
 * check failed.
 */
export const complianceModule = defineModule<ComplianceParams, ComplianceElements, ComplianceStatistics>({
  name: 'compliance',
  description: 'Run a compliance policy (baseline hardening by default) and return compliance items per check.',
  params: complianceParamsSchema,
  flags: complianceFlags,
  paramsFromFlags: complianceParamsFromFlags,
  async run(params, context) {
    const started = Date.now();
    let policy: CompliancePolicy;
    if (params.policy === undefined || typeof params.policy === 'string') {
      const loaded = loadCompliancePolicy(params.policy ?? 'baseline');
      if (!loaded.ok) return failure([loaded.reason]);
      policy = loaded.policy;
    } else {
      const parsed = parseCompliancePolicy(params.policy);
      if (!parsed.ok) return failure(parsed.problems.length > 0 ? parsed.problems : [parsed.reason]);
      policy = parsed.policy;
    }
    const outcomes = await runCompliancePolicy(policy, {
      ...(params.root !== undefined ? { root: params.root } : {}),
      ...(params.levels !== undefined ? { levels: params.levels } : {}),
      ...(params.target !== undefined ? { target: params.target } : {}),
      signal: context.signal,
    });
    const levels = emptyLevels();
    const reasons: Record<string, string> = {};
    for (const o of outcomes) {
      levels[o.item.policy.level][o.item.compliance ? 'passed' : 'failed']++;
      reasons[o.item.check.ref] = o.reason;
    }
    const failed = outcomes.filter((o) => !o.item.compliance).length;
    return {
      foundanything: failed > 0,
      success: !context.signal.aborted,
      elements: { items: outcomes.map((o) => o.item), reasons },
      statistics: { passed: outcomes.length - failed, failed, levels, exectimeMs: Date.now() - started },
      errors: context.signal.aborted ? ['aborted: deadline passed or agent shutting down; remaining checks were not run'] : [],
    };
  },
  render: renderCompliance,
});

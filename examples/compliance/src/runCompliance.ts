import type { ComplianceItem, ComplianceLevel } from '@vigil/agent-sdk';
import { COMPLIANCE_LEVELS, complianceModule } from '@vigil/modules';

/** Options of {@link runCompliance}. */
export interface RunComplianceExampleOptions {
  /** Host name → directory standing for its `/`. */
  readonly hosts: Readonly<Record<string, string>>;
  /** Levels to run. @default all */
  readonly levels?: readonly ComplianceLevel[];
  /** URL of a Vigil pipeline's `POST /events` endpoint; items are not sent when absent. */
  readonly post?: string;
}

/** What the example did. */
export interface RunComplianceExampleResult {
  /** Every compliance item, all hosts. */
  items: ComplianceItem[];
  /** Per host and level: passed and failed checks. */
  summary: Record<string, Record<ComplianceLevel, { passed: number; failed: number }>>;
  /** Lines printed for people. */
  lines: string[];
  /** HTTP status of the POST, when posted. */
  postStatus?: number;
}

/** A compliance item as a Vigil/MozDef event (`category: complianceitems`, the item in `details`). */
export function toEvent(item: ComplianceItem): Record<string, unknown> {
  return {
    utctimestamp: item.utctimestamp,
    category: 'complianceitems',
    source: 'vigil-compliance',
    hostname: item.target,
    summary: `${item.compliance ? 'pass' : 'FAIL'} ${item.policy.name} ${item.policy.level} ${item.check.ref} on ${item.target}`,
    tags: ['compliance'],
    details: item,
  };
}

/**
 * Runs the baseline pack through the compliance module's `run` on each host, posts every item as an event to the
 * pipeline, and builds a per-level, per-host summary.
 */
export async function runCompliance(options: RunComplianceExampleOptions): Promise<RunComplianceExampleResult> {
  const items: ComplianceItem[] = [];
  const summary: RunComplianceExampleResult['summary'] = {};
  const lines: string[] = [];
  const context = {
    signal: AbortSignal.timeout(60_000),
    deadline: Date.now() + 60_000,
    logger: { debug() {}, info() {}, warn() {} },
  };
  for (const [host, root] of Object.entries(options.hosts)) {
    const result = await complianceModule.run({ policy: 'baseline', root, target: host, ...(options.levels ? { levels: [...options.levels] } : {}) }, context);
    if (!result.success) throw new Error(`compliance run on ${host} failed: ${result.errors.join('; ')}`);
    items.push(...result.elements.items);
    summary[host] = result.statistics.levels;
    for (const item of result.elements.items) {
      lines.push(`${item.compliance ? 'pass' : 'FAIL'}  ${item.policy.level.padEnd(7)}  ${host.padEnd(14)}  ${item.check.ref}`);
    }
  }
  lines.push('');
  lines.push(`${'level'.padEnd(8)}  ${'host'.padEnd(14)}  passed  failed`);
  for (const level of options.levels ?? COMPLIANCE_LEVELS) {
    for (const host of Object.keys(options.hosts)) {
      const counts = summary[host]?.[level] ?? { passed: 0, failed: 0 };
      lines.push(`${level.padEnd(8)}  ${host.padEnd(14)}  ${String(counts.passed).padStart(6)}  ${String(counts.failed).padStart(6)}`);
    }
  }
  const out: RunComplianceExampleResult = { items, summary, lines };
  if (options.post !== undefined) {
    const response = await fetch(options.post, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items.map(toEvent)),
      signal: AbortSignal.timeout(30_000),
    });
    out.postStatus = response.status;
    if (!response.ok) throw new Error(`POST ${options.post} answered ${response.status}: ${await response.text()}`);
    lines.push('', `posted ${items.length} compliance items to ${options.post} (HTTP ${response.status})`);
  }
  return out;
}

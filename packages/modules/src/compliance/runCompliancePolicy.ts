import { hostname } from 'node:os';
import type { ComplianceItem, ComplianceLevel } from '@vigil/agent-sdk';
import type { CompliancePolicy } from './CompliancePolicy';
import { runCheck } from './internal/runCheck';

/** Options of {@link runCompliancePolicy}. */
export interface RunComplianceOptions {
  /** Directory standing for the host's `/` (tests use a temporary root). @default '/' */
  readonly root?: string;
  /** Levels whose checks run. @default all four */
  readonly levels?: readonly ComplianceLevel[];
  /** The `target` of every item. @default os.hostname() */
  readonly target?: string;
  /** Time written in `utctimestamp`. @default now */
  readonly now?: Date;
  /** Stops between checks; the remaining checks are not run. */
  readonly signal?: AbortSignal;
}

/** One check's outcome: the compliance item and why. */
export interface ComplianceOutcome {
  /** The compliance item, as sent into a Vigil pipeline. */
  item: ComplianceItem;
  /** Why the check passed or failed, in one line. */
  reason: string;
}

/** Every level, least demanding first. */
export const COMPLIANCE_LEVELS: readonly ComplianceLevel[] = ['low', 'medium', 'high', 'maximum'];

/**
 * Runs the checks of a policy whose level is selected, in policy order, and returns one compliance item per
 * check with the reason of its verdict. A check that cannot run is non-compliant with the error as its reason.
 */
export async function runCompliancePolicy(policy: CompliancePolicy, options: RunComplianceOptions = {}): Promise<ComplianceOutcome[]> {
  const root = options.root ?? '/';
  const levels = new Set(options.levels ?? COMPLIANCE_LEVELS);
  const target = options.target ?? hostname();
  const signal = options.signal ?? new AbortController().signal;
  const utctimestamp = (options.now ?? new Date()).toISOString();
  const out: ComplianceOutcome[] = [];
  for (const check of policy.checks) {
    if (!levels.has(check.level)) continue;
    if (signal.aborted) break;
    let verdict;
    try {
      verdict = await runCheck(check.test, root, signal);
    } catch (error) {
      verdict = { compliance: false, reason: `check failed to run: ${(error as Error).message}`, location: '', value: check.test.type };
    }
    out.push({
      item: {
        utctimestamp,
        target,
        compliance: verdict.compliance,
        link: check.link ?? `${policy.policy.url}#${check.ref}`,
        policy: { url: policy.policy.url, name: policy.policy.name, level: check.level },
        check: {
          ref: check.ref,
          description: check.description,
          name: check.name,
          location: verdict.location,
          test: { type: check.test.type, value: verdict.value },
        },
      },
      reason: verdict.reason,
    });
  }
  return out;
}

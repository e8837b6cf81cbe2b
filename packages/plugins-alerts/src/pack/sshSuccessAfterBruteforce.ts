import type { Duration } from '../internal/duration';
import { defineRule, type RulePlugin } from '../rules/defineRule';
import { SSH_FAILURE } from './sshBruteforce';

/** Options of {@link sshSuccessAfterBruteforce}. */
export interface SshSuccessAfterBruteforceOptions {
  /** Failures before the success. @default 10 */
  failures?: number;
  /** Window for the whole sequence. @default '10m' */
  window?: Duration;
  /** @default 'details.sourceipaddress' */
  sourceField?: string;
}

/** A successful SSH login from an address that just brute-forced (≥ 10 failures, then a success, within 10 minutes). */
export function sshSuccessAfterBruteforce(options: SshSuccessAfterBruteforceOptions = {}): RulePlugin {
  return defineRule({
    id: 'ssh-success-after-bruteforce',
    name: 'SSH login after brute force',
    severity: 'CRITICAL',
    category: 'bruteforce',
    tags: ['ssh', 'bruteforce', 'compromise', 'T1110'],
    summary: 'SSH login succeeded from {{key}} after {{count}} attempts',
    throttle: '1h',
    detect: {
      type: 'sequence',
      groupBy: options.sourceField ?? 'details.sourceipaddress',
      window: options.window ?? '10m',
      steps: [
        { where: SSH_FAILURE, count: options.failures ?? 10 },
        { where: 'category:authentication AND processname:sshd AND details.success:true' },
      ],
    },
  });
}

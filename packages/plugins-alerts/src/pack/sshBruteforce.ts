import type { Duration } from '../internal/duration';
import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link sshBruteforce}. */
export interface SshBruteforceOptions {
  /** Failures needed. @default 10 */
  count?: number;
  /** Window. @default '2m' */
  window?: Duration;
  /** Field holding the attacker's address. @default 'details.sourceipaddress' */
  sourceField?: string;
  /** Throttle per address. @default '10m' */
  throttle?: Duration;
}

/** Failed SSH logins. */
export const SSH_FAILURE = 'category:authentication AND processname:sshd AND details.success:false';

/** SSH brute force: ≥ 10 failed logins from one source address within 2 minutes. */
export function sshBruteforce(options: SshBruteforceOptions = {}): RulePlugin {
  return defineRule({
    id: 'ssh-bruteforce',
    name: 'SSH brute force',
    severity: 'WARNING',
    category: 'bruteforce',
    tags: ['ssh', 'bruteforce', 'T1110'],
    summary: 'SSH brute force from {{key}}: {{count}} failed logins (last user {{event.details.username}}) on {{event.hostname}}',
    throttle: options.throttle ?? '10m',
    detect: {
      type: 'threshold',
      where: SSH_FAILURE,
      groupBy: options.sourceField ?? 'details.sourceipaddress',
      count: options.count ?? 10,
      window: options.window ?? '2m',
    },
  });
}

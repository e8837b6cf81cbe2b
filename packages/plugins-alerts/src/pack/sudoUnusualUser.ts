import type { Duration } from '../internal/duration';
import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link sudoUnusualUser}. */
export interface SudoUnusualUserOptions {
  /** Users expected to sudo to root (never alert). @default [] */
  known?: readonly string[];
  /** Learn silently for this long after the first sudo seen. @default '0s' */
  warmup?: Duration;
  /** Remember users per host (true) or across the fleet (false). @default true */
  perHost?: boolean;
  /** Most (host, user) pairs remembered. @default 10000 */
  maxKeys?: number;
}

/** `sudo` to root by a user never seen doing it before (first seen, bounded memory). */
export function sudoUnusualUser(options: SudoUnusualUserOptions = {}): RulePlugin {
  return defineRule({
    id: 'sudo-unusual-user',
    name: 'Sudo to root by an unusual user',
    severity: 'WARNING',
    category: 'privilege',
    tags: ['sudo', 'T1548.003'],
    summary: '{{details.value}} ran sudo as root on {{event.hostname}} for the first time: {{event.details.command}}',
    detect: {
      type: 'firstSeen',
      where: 'processname:sudo AND details.targetuser:root AND NOT details.action:denied',
      field: 'details.username',
      ...(options.perHost === false ? {} : { groupBy: 'hostname' }),
      ...(options.known === undefined ? {} : { known: options.known }),
      warmup: options.warmup ?? 0,
      ...(options.maxKeys === undefined ? {} : { maxKeys: options.maxKeys }),
    },
  });
}

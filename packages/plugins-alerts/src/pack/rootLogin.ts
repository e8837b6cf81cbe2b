import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link rootLogin}. */
export interface RootLoginOptions {
  /** Privileged account names. @default ['root'] */
  users?: readonly string[];
  /** Programs whose logins count. @default ['sshd', 'login', 'su'] */
  programs?: readonly string[];
}

const quoteAll = (values: readonly string[]): string => values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(' OR ');

/** A successful interactive login as root (sshd, login, su). */
export function rootLogin(options: RootLoginOptions = {}): RulePlugin {
  const users = options.users ?? ['root'];
  const programs = options.programs ?? ['sshd', 'login', 'su'];
  return defineRule({
    id: 'root-login',
    name: 'Root login',
    severity: 'WARNING',
    category: 'authentication',
    tags: ['root', 'T1078.003'],
    summary: '{{event.details.username}} logged in on {{event.hostname}} via {{event.processname}} from {{event.details.sourceipaddress}}',
    throttle: '10m',
    detect: {
      type: 'match',
      where: `category:authentication AND details.success:true AND details.username:(${quoteAll(users)}) AND processname:(${quoteAll(programs)})`,
      groupBy: ['hostname', 'details.username'],
    },
  });
}

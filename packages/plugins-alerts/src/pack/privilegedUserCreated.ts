import type { VigilEvent } from '@vigil/core';
import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link privilegedUserCreated}. */
export interface PrivilegedUserCreatedOptions {
  /** Groups that grant privilege. @default ['sudo', 'wheel', 'admin', 'root'] */
  groups?: readonly string[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : '');

/**
 * A privileged account created or granted: `useradd`/`usermod` putting a user into sudo/wheel/admin (or giving
 * uid 0), seen as an auditd execve command line, or the shadow-utils syslog lines (`add 'x' to group 'sudo'`,
 * `new user: name=x, UID=0`).
 */
export function privilegedUserCreated(options: PrivilegedUserCreatedOptions = {}): RulePlugin {
  const groups = (options.groups ?? ['sudo', 'wheel', 'admin', 'root']).map((g) => g.replace(/[^A-Za-z0-9_-]/g, ''));
  const g = groups.join('|');
  const cmdGroup = new RegExp(`(?:^|\\s)-(?:a?G|g|-groups|-gid)[=\\s]+(?:\\S*,)?(?:${g})(?:,\\S*)?(?:\\s|$)|(?:^|\\s)-a?G(?:${g})(?:\\s|$)`);
  const cmdUid0 = /(?:^|\s)(?:-u|--uid)[=\s]*0(?:\s|$)/;
  const logGroup = new RegExp(`add '[^']+' to (?:shadow )?group '(?:${g})'`);
  const logUid0 = /new user: name=[^,]+, UID=0,/;
  const matches = (e: VigilEvent): boolean => {
    const program = e.processname;
    const cmd = text(e.details['cmdline']);
    const exe = text(e.details['exe']);
    if (/(?:^|\/)(?:useradd|usermod|adduser)$/.test(exe) || /^(?:\S*\/)?(?:useradd|usermod|adduser)\s/.test(cmd)) {
      if (cmdGroup.test(cmd) || cmdUid0.test(cmd)) return true;
      if (/^(?:\S*\/)?adduser\s+\S+\s+(?:sudo|wheel|admin)\s*$/.test(cmd)) return true;
    }
    if (program === 'useradd' || program === 'usermod' || program === 'gpasswd') {
      return logGroup.test(e.summary) || logUid0.test(e.summary);
    }
    return false;
  };
  return defineRule({
    id: 'privileged-user-created',
    name: 'Privileged user created',
    severity: 'ERROR',
    category: 'privilege',
    tags: ['account', 'T1136', 'T1098'],
    summary: 'Privileged account change on {{event.hostname}}: {{event.summary}}',
    detect: { type: 'match', where: matches, groupBy: 'hostname' },
  });
}

import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link execFromTmp}. */
export interface ExecFromTmpOptions {
  /** World-writable directories. @default ['/tmp/', '/var/tmp/', '/dev/shm/'] */
  directories?: readonly string[];
  /** Field holding the executable path. @default 'details.exe' */
  exeField?: string;
}

/** A program executed from a world-writable directory (auditd execve of /tmp, /var/tmp, /dev/shm). */
export function execFromTmp(options: ExecFromTmpOptions = {}): RulePlugin {
  const dirs = options.directories ?? ['/tmp/', '/var/tmp/', '/dev/shm/'];
  const field = (options.exeField ?? 'details.exe').replace(/^details\./, '');
  return defineRule({
    id: 'exec-from-tmp',
    name: 'Execution from a temporary directory',
    severity: 'ERROR',
    category: 'execution',
    tags: ['auditd', 'execution', 'T1059'],
    summary: '{{event.details.exe}} executed on {{event.hostname}} by auid {{event.details.auid}}: {{event.details.cmdline}}',
    throttle: '10m',
    detect: {
      type: 'match',
      where: (e) => {
        if (e.category !== 'auditd') return false;
        const syscall = e.details['syscall'];
        if (syscall !== undefined && syscall !== 'execve' && syscall !== 'execveat') return false;
        const exe = e.details[field];
        return typeof exe === 'string' && dirs.some((d) => exe.startsWith(d));
      },
      groupBy: ['hostname', 'details.exe'],
    },
  });
}

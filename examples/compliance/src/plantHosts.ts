import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

type FileSpec = string | { content: string; mode: number; gid?: number };

const COMMON: Record<string, FileSpec> = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n',
  'etc/group': 'root:x:0:\nshadow:x:42:\n',
  'etc/gshadow': { content: 'root:*::\n', mode: 0o640, gid: 42 },
  'proc/sys/kernel/randomize_va_space': '2\n',
  'proc/sys/fs/suid_dumpable': '0\n',
  'usr/bin/ls': { content: '#!/bin/sh\n', mode: 0o755 },
};

/** web1: a hardened web server, compliant at every level. */
const WEB1: Record<string, FileSpec> = {
  ...COMMON,
  'etc/shadow': { content: 'root:*:19000:0:99999:7:::\n', mode: 0o640, gid: 42 },
  'etc/ssh/sshd_config': [
    'PermitRootLogin no', 'PasswordAuthentication no', 'X11Forwarding no', 'MaxAuthTries 3', 'LogLevel VERBOSE',
    'ClientAliveInterval 300', 'AllowTcpForwarding no', '',
  ].join('\n'),
  'etc/login.defs': 'PASS_MAX_DAYS 90\n',
  'etc/security/limits.conf': '* hard core 0\n',
  'etc/audit/rules.d/vigil.rules': [
    '-w /etc/passwd -p wa -k identity', '-w /etc/shadow -p wa -k identity', '-w /etc/sudoers -p wa -k scope',
    '-w /var/log/lastlog -p wa -k logins', '-a always,exit -F arch=b64 -S adjtimex -S settimeofday -k time-change', '-e 2', '',
  ].join('\n'),
  'proc/sys/net/ipv4/ip_forward': '0\n',
  'proc/sys/net/ipv4/conf/all/accept_redirects': '0\n',
  'proc/sys/kernel/dmesg_restrict': '1\n',
  'proc/sys/kernel/kptr_restrict': '2\n',
  'proc/sys/kernel/yama/ptrace_scope': '2\n',
};

/**
 * db1: a database server that passes the low level only: passwords allowed over SSH, IP forwarding on, no audit
 * rules, a world-writable tool in /usr/bin, passwords that never expire.
 */
const DB1: Record<string, FileSpec> = {
  ...COMMON,
  'etc/shadow': { content: 'root:*:19000:0:99999:7:::\n', mode: 0o600 },
  'etc/ssh/sshd_config': 'PermitRootLogin no\nX11Forwarding yes\n',
  'etc/login.defs': 'PASS_MAX_DAYS 99999\n',
  'proc/sys/net/ipv4/ip_forward': '1\n',
  'proc/sys/net/ipv4/conf/all/accept_redirects': '1\n',
  'proc/sys/kernel/dmesg_restrict': '0\n',
  'proc/sys/kernel/kptr_restrict': '0\n',
  'proc/sys/kernel/yama/ptrace_scope': '1\n',
  'usr/bin/backup.sh': { content: '#!/bin/sh\n', mode: 0o777 },
};

/** The demo hosts: name → planted file tree. */
export const DEMO_HOSTS = { 'web1.example': WEB1, 'db1.example': DB1 } as const;

/** Plants each demo host in its own temporary root and returns `host → root`. The caller removes `base`. */
export function plantDemoHosts(): { base: string; roots: Record<string, string> } {
  const base = mkdtempSync(join(tmpdir(), 'vigil-example-compliance-'));
  const roots: Record<string, string> = {};
  for (const [host, files] of Object.entries(DEMO_HOSTS)) {
    const root = join(base, host);
    for (const [path, spec] of Object.entries(files)) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      const { content, mode, gid } = typeof spec === 'string' ? { content: spec, mode: 0o644, gid: 0 } : spec;
      writeFileSync(full, content);
      if (process.getuid?.() === 0) chownSync(full, 0, gid ?? 0);
      chmodSync(full, mode);
    }
    roots[host] = root;
  }
  return { base, roots };
}

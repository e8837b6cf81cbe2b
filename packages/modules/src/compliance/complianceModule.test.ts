import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ModuleContext } from '@vigil/agent-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { complianceModule } from './complianceModule';
import { listBuiltinPolicies, loadCompliancePolicy } from './loadCompliancePolicy';
import { parseCompliancePolicy } from './parseCompliancePolicy';
import type { CompliancePolicy } from './CompliancePolicy';
import { runCompliancePolicy } from './runCompliancePolicy';

function context(): ModuleContext {
  return { signal: new AbortController().signal, deadline: Date.now() + 60_000, logger: { debug() {}, info() {}, warn() {} } };
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

type Planted = Record<string, string | { content: string; mode: number; uid?: number; gid?: number }>;

function plant(files: Planted): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-compliance-'));
  roots.push(root);
  for (const [path, spec] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    const { content, mode, uid, gid } = typeof spec === 'string' ? { content: spec, mode: 0o644, uid: 0, gid: 0 } : spec;
    writeFileSync(full, content);
    chownSync(full, uid ?? 0, gid ?? 0);
    chmodSync(full, mode); // after chown, which clears setuid bits
  }
  return root;
}

const ACCOUNTS = {
  'etc/passwd': { content: 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n', mode: 0o644 },
  'etc/group': { content: 'root:x:0:\nshadow:x:42:\nalice:x:1000:\n', mode: 0o644 },
};

const HARDENED: Planted = {
  ...ACCOUNTS,
  'etc/shadow': { content: 'root:*:19000:0:99999:7:::\n', mode: 0o640, gid: 42 },
  'etc/gshadow': { content: 'root:*::\n', mode: 0o600 },
  // Debian's layout: sshd_config includes sshd_config.d/*.conf first, so those values win.
  'etc/ssh/sshd_config.d/50-vigil.conf': 'PasswordAuthentication no\nLogLevel VERBOSE\n',
  'etc/ssh/sshd_config': [
    'Include /etc/ssh/sshd_config.d/*.conf',
    '# PermitRootLogin yes',
    'PermitRootLogin no',
    'PasswordAuthentication yes',
    'X11Forwarding no',
    'MaxAuthTries 3',
    'ClientAliveInterval 120',
    'AllowTcpForwarding no',
    'Match User backup',
    '  AllowTcpForwarding yes',
    '',
  ].join('\n'),
  'etc/login.defs': 'PASS_MIN_DAYS 1\nPASS_MAX_DAYS   60\n',
  'etc/security/limits.conf': '# limits\n*               hard    core            0\n',
  'etc/audit/rules.d/50-vigil.rules': [
    '-w /etc/passwd -p wa -k identity',
    '-w /etc/shadow -p wa -k identity',
    '-w /etc/sudoers -p wa -k scope',
    '-w /var/log/lastlog -p wa -k logins',
    '-a always,exit -F arch=b64 -S adjtimex -S settimeofday -k time-change',
  ].join('\n'),
  'etc/audit/rules.d/99-finalize.rules': '-e 2\n',
  'proc/sys/kernel/randomize_va_space': '2\n',
  'proc/sys/kernel/dmesg_restrict': '1\n',
  'proc/sys/kernel/kptr_restrict': '2\n',
  'proc/sys/kernel/yama/ptrace_scope': '3\n',
  'proc/sys/net/ipv4/ip_forward': '0\n',
  'proc/sys/net/ipv4/conf/all/accept_redirects': '0\n',
  'proc/sys/fs/suid_dumpable': '0\n',
  'usr/bin/ls': { content: '#!/bin/sh\n', mode: 0o755 },
  'usr/local/bin/tool': { content: '#!/bin/sh\n', mode: 0o755 },
};

const WEAK: Planted = {
  ...ACCOUNTS,
  'etc/passwd': { content: ACCOUNTS['etc/passwd'].content, mode: 0o666 },
  'etc/group': { content: ACCOUNTS['etc/group'].content, mode: 0o644, uid: 1000 },
  'etc/shadow': { content: 'root::19000:0:99999:7:::\n', mode: 0o644, gid: 42 },
  'etc/gshadow': { content: 'root:*::\n', mode: 0o640, gid: 1000 },
  'etc/ssh/sshd_config': [
    'PermitRootLogin yes',
    'PermitEmptyPasswords yes',
    'Protocol 2,1',
    'IgnoreRhosts no',
    'X11Forwarding yes',
    'MaxAuthTries many',
    'LogLevel INFO',
    '',
  ].join('\n'),
  'etc/login.defs': 'PASS_MAX_DAYS 99999\n',
  'etc/security/limits.conf': '#*               hard    core            0\n',
  'etc/audit/audit.rules': '-w /etc/passwd -p r -k identity\n-e 1\n',
  'proc/sys/kernel/randomize_va_space': '1\n',
  'proc/sys/kernel/dmesg_restrict': '0\n',
  'proc/sys/kernel/yama/ptrace_scope': '1\n',
  'proc/sys/net/ipv4/ip_forward': '1\n',
  'proc/sys/net/ipv4/conf/all/accept_redirects': '1\n',
  'proc/sys/fs/suid_dumpable': '2\n',
  'usr/bin/ls': { content: '#!/bin/sh\n', mode: 0o777 },
};

function baseline(): CompliancePolicy {
  const loaded = loadCompliancePolicy('baseline');
  if (!loaded.ok) throw new Error(loaded.reason);
  return loaded.policy;
}

describe('the baseline policy pack', () => {
  it('is shipped, valid against its schema, and covers the four levels and every check type', () => {
    expect(listBuiltinPolicies()).toContain('baseline');
    const policy = baseline();
    expect(policy.checks).toHaveLength(31);
    expect(new Set(policy.checks.map((c) => c.level))).toEqual(new Set(['low', 'medium', 'high', 'maximum']));
    expect(new Set(policy.checks.map((c) => c.test.type))).toEqual(new Set(['regex', 'keyvalue', 'filemode', 'sysctl', 'worldwritable']));
  });

  it('passes every check on a hardened host', async () => {
    const root = plant(HARDENED);
    const result = await complianceModule.run({ root, target: 'hardened.example' }, context());
    const failing = result.elements.items.filter((i) => !i.compliance).map((i) => `${i.check.ref}: ${result.elements.reasons[i.check.ref] ?? ''}`);
    expect(failing).toEqual([]);
    expect(result.statistics).toMatchObject({ passed: 31, failed: 0 });
    expect(result.foundanything).toBe(false);
  });

  it('fails every check on a weak host, each for the planted reason', async () => {
    const root = plant(WEAK);
    chmodSync(join(root, 'usr/bin'), 0o777);
    const result = await complianceModule.run({ root, target: 'weak.example' }, context());
    const passing = result.elements.items.filter((i) => i.compliance).map((i) => `${i.check.ref}: ${result.elements.reasons[i.check.ref] ?? ''}`);
    expect(passing).toEqual([]);
    expect(result.statistics).toMatchObject({ passed: 0, failed: 31, levels: { low: { passed: 0, failed: 6 }, medium: { passed: 0, failed: 10 } } });
    const reasons = result.elements.reasons;
    expect(reasons['sshd-permit-root-login']).toBe('PermitRootLogin is "yes" (/etc/ssh/sshd_config)');
    expect(reasons['sshd-password-authentication']).toBe('PasswordAuthentication is "yes" (default, not set)');
    expect(reasons['sshd-max-auth-tries']).toBe('MaxAuthTries: "many" is not a number (/etc/ssh/sshd_config)');
    expect(reasons['etc-passwd-permissions']).toBe('mode 0666 exceeds 0644');
    expect(reasons['etc-group-permissions']).toBe('owner uid 1000 is not root');
    expect(reasons['etc-gshadow-permissions']).toBe('group gid 1000 is not root|shadow');
    expect(reasons['kernel-kptr-restrict']).toBe('kernel.kptr_restrict is not available (/proc/sys/kernel/kptr_restrict)');
    expect(reasons['kernel-yama-ptrace-scope']).toBe('kernel.yama.ptrace_scope: 1 is below 2');
    expect(reasons['path-world-writable']).toBe('world-writable: /usr/bin/, /usr/bin/ls');
    expect(reasons['core-dumps-hard-limit']).toBe('no line matches in /etc/security/limits.conf');
    expect(reasons['auditd-identity-passwd']).toBe('no line matches in /etc/audit/audit.rules');
    expect(reasons['login-defs-pass-max-days']).toBe('PASS_MAX_DAYS: 99999 is above 365 (/etc/login.defs)');
    expect(result.foundanything).toBe(true);
  });

  it('emits complete compliance items', async () => {
    const root = plant(HARDENED);
    const now = new Date('2026-01-02T03:04:05.000Z');
    const outcomes = await runCompliancePolicy(baseline(), { root, target: 'web1.example', now, levels: ['low'] });
    expect(outcomes.map((o) => o.item.check.ref)).toEqual([
      'sshd-permit-root-login', 'sshd-permit-empty-passwords', 'sshd-protocol', 'etc-passwd-permissions', 'etc-shadow-permissions', 'kernel-randomize-va-space',
    ]);
    expect(outcomes[0]?.item).toEqual({
      utctimestamp: '2026-01-02T03:04:05.000Z',
      target: 'web1.example',
      compliance: true,
      link: 'https://manpages.debian.org/bookworm/openssh-server/sshd_config.5.en.html#PermitRootLogin',
      policy: { url: 'https://www.cisecurity.org/benchmark/debian_linux', name: 'vigil-baseline', level: 'low' },
      check: {
        ref: 'sshd-permit-root-login',
        description: 'sshd must refuse logins as root (PermitRootLogin no).',
        name: 'SSH root login disabled',
        location: '/etc/ssh/sshd_config.d/50-vigil.conf,/etc/ssh/sshd_config',
        test: { type: 'keyvalue', value: 'PermitRootLogin =~ /^no$/i' },
      },
    });
    expect(outcomes[4]?.reason).toBe('mode 0640 uid 0 gid 42');
  });
});

describe('check types', () => {
  const policy = (test: Record<string, unknown>): CompliancePolicy => {
    const parsed = parseCompliancePolicy({ policy: { name: 't', url: 'https://example.org/p' }, checks: [{ ref: 'c', name: 'c', description: 'c', level: 'low', test }] });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    return parsed.policy;
  };
  const verdict = async (root: string, test: Record<string, unknown>): Promise<[boolean, string]> => {
    const [o] = await runCompliancePolicy(policy(test), { root });
    return [o?.item.compliance ?? false, o?.reason ?? ''];
  };

  it('keyvalue: first occurrence wins, settings stop at Match, defaults apply, missing files follow "missing"', async () => {
    const root = plant({ 'etc/app.d/a.conf': 'Mode = strict\n', 'etc/app.conf': 'mode loose\nMatch x\nOther 1\n' });
    const paths = ['/etc/app.d/*.conf', '/etc/app.conf'];
    expect(await verdict(root, { type: 'keyvalue', paths, key: 'mode', match: '^strict$' })).toEqual([true, 'mode is "strict" (/etc/app.d/a.conf)']);
    expect(await verdict(root, { type: 'keyvalue', paths: ['/etc/app.conf'], key: 'Mode', match: '^strict$' })).toEqual([false, 'Mode is "loose" (/etc/app.conf)']);
    expect(await verdict(root, { type: 'keyvalue', paths, key: 'Other', min: 1, stopAt: '^Match\\s' })).toEqual([false, 'Other is not set']);
    expect(await verdict(root, { type: 'keyvalue', paths, key: 'Other', min: 1 })).toEqual([true, 'Other is "1" (/etc/app.conf)']);
    expect(await verdict(root, { type: 'keyvalue', paths, key: 'Absent', max: 5, default: '6' })).toEqual([false, 'Absent: 6 is above 5 (default, not set)']);
    expect(await verdict(root, { type: 'keyvalue', paths: ['/etc/none.conf'], key: 'k', match: 'x', missing: 'pass' })).toEqual([true, 'no file found at /etc/none.conf']);
    expect(await verdict(root, { type: 'keyvalue', paths: ['/etc/none.conf'], key: 'k', match: '^x$', default: 'x', missing: 'default' })).toEqual([true, 'k is "x" (default, no configuration file)']);
    expect(await verdict(root, { type: 'keyvalue', paths: ['/etc/none.conf'], key: 'k', match: 'x' })).toEqual([false, 'no file found at /etc/none.conf']);
  });

  it('regex: present and absent lines, comments ignored, case folding', async () => {
    const root = plant({ 'etc/r.conf': '# Forbidden yes\nallowed 1\n' });
    expect(await verdict(root, { type: 'regex', paths: ['/etc/r.conf'], pattern: '^forbidden' , expect: 'absent', ignoreCase: true })).toEqual([true, 'no forbidden line']);
    expect(await verdict(root, { type: 'regex', paths: ['/etc/r.conf'], pattern: '^ALLOWED', ignoreCase: true })).toEqual([true, '/etc/r.conf: "allowed 1"']);
    expect(await verdict(root, { type: 'regex', paths: ['/etc/r.conf'], pattern: '^allowed', expect: 'absent' })).toEqual([false, '/etc/r.conf has forbidden line "allowed 1"']);
    expect(await verdict(root, { type: 'regex', paths: ['/etc/none'], pattern: 'x', missing: 'pass' })).toEqual([true, 'no file found at /etc/none']);
  });

  it('filemode: missing files, numeric ids and setuid bits', async () => {
    const root = plant({ 'etc/f': { content: '', mode: 0o4755 } });
    expect(await verdict(root, { type: 'filemode', path: '/etc/f', maxMode: '0755', owner: ['0'] })).toEqual([false, 'mode 4755 exceeds 0755']);
    expect(await verdict(root, { type: 'filemode', path: '/etc/f', maxMode: '4755', owner: ['0'], group: ['0'] })).toEqual([true, 'mode 4755 uid 0 gid 0']);
    expect(await verdict(root, { type: 'filemode', path: '/etc/none', maxMode: '0644' })).toEqual([false, '/etc/none does not exist']);
    expect(await verdict(root, { type: 'filemode', path: '/etc/none', maxMode: '0644', missing: 'pass' })).toEqual([true, '/etc/none does not exist']);
  });

  it('sysctl: equality and bounds on the real /proc of this machine', async () => {
    const [ok, reason] = await verdict('/', { type: 'sysctl', key: 'kernel.pid_max', min: 301 });
    expect(ok).toBe(true);
    expect(reason).toMatch(/^kernel\.pid_max = \d+$/);
    expect((await verdict('/', { type: 'sysctl', key: 'kernel.pid_max', equals: '1' }))[0]).toBe(false);
  });

  it('worldwritable: symlinked PATH directories are not followed, world-writable files are found', async () => {
    const root = plant({ 'usr/bin/ok': { content: '', mode: 0o755 }, 'usr/sbin/bad': { content: '', mode: 0o646 } });
    expect(await verdict(root, { type: 'worldwritable', dirs: ['/usr/bin'] })).toEqual([true, '1 directories clean']);
    expect(await verdict(root, { type: 'worldwritable' })).toEqual([false, 'world-writable: /usr/sbin/bad']);
  });
});

describe('complianceModule', () => {
  it('runs only the selected levels', async () => {
    const root = plant(HARDENED);
    const result = await complianceModule.run({ root, levels: ['high', 'maximum'] }, context());
    expect(new Set(result.elements.items.map((i) => i.policy.level))).toEqual(new Set(['high', 'maximum']));
    expect(result.statistics.levels).toEqual({ low: { passed: 0, failed: 0 }, medium: { passed: 0, failed: 0 }, high: { passed: 10, failed: 0 }, maximum: { passed: 5, failed: 0 } });
    expect(complianceModule.render?.(result, 'all').at(-1)).toBe('15 passed, 0 failed (low 0/0, medium 0/0, high 10/10, maximum 5/5)');
  });

  it('returns unknown policies and invalid inline policies as errors, listing every problem', async () => {
    const unknown = await complianceModule.run({ policy: 'nope' }, context());
    expect(unknown).toMatchObject({ success: false, errors: [expect.stringMatching(/^no policy named "nope"; shipped policies: .*baseline/)] });
    const invalid = await complianceModule.run(
      { policy: { policy: { name: 'x' }, checks: [{ ref: 'Bad Ref', name: 'n', description: 'd', level: 'extreme', test: { type: 'sysctl', key: 'a.b' } }] } },
      context(),
    );
    expect(invalid.success).toBe(false);
    expect(invalid.errors).toEqual(expect.arrayContaining(['/policy must have required property \'url\'', '/checks/0/level must be equal to one of the allowed values', '/checks/0/ref must match pattern "^[a-z0-9][a-z0-9._-]*$"']));
  });

  it('reads a YAML policy file given by -policyfile and validates levels in flags', () => {
    const root = plant({ 'p.yaml': 'policy: {name: mine, url: "https://example.org/mine"}\nchecks:\n- {ref: aslr, name: ASLR, description: ASLR on, level: low, test: {type: sysctl, key: kernel.randomize_va_space, equals: "2"}}\n' });
    const params = complianceModule.paramsFromFlags?.({ policyfile: join(root, 'p.yaml'), level: ['low'], target: 'h1' });
    expect(params).toMatchObject({ levels: ['low'], target: 'h1', policy: { policy: { name: 'mine' } } });
    expect(() => complianceModule.paramsFromFlags?.({ level: ['extreme'] })).toThrow(/-level must be one of/);
  });
});

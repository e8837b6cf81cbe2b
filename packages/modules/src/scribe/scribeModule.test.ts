import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ModuleContext } from '@vigil/agent-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateScribe } from './evaluateScribe';
import { parseScribeDocument } from './parseScribeDocument';
import type { ScribeDocument, ScribeTestResult } from './ScribeDocument';
import { scribeModule } from './scribeModule';

// Origin: /work/shared/samples/mig-actions/scribe (MIG's sample scribe policies, generated from OpenVAS NVT data, GPLv2).
const SAMPLES = join(sharedSamples(), 'mig-actions', 'scribe');

/** shared/samples beside the repository (as CI lays it out), else the workplace copy; VIGIL_SAMPLES wins. */
function sharedSamples(): string {
  const candidates = [process.env['VIGIL_SAMPLES'], fileURLToPath(new URL('../../../../../shared/samples', import.meta.url)), '/work/shared/samples'];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(dir)) ?? '/work/shared/samples';
}

const sample = (name: string): unknown => JSON.parse(readFileSync(join(SAMPLES, name), 'utf8'));

function context(): ModuleContext {
  return { signal: new AbortController().signal, deadline: Date.now() + 60_000, logger: { debug() {}, info() {}, warn() {} } };
}

function plant(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const byId = (results: ScribeTestResult[], id: string): ScribeTestResult => {
  const r = results.find((x) => x.testid === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-scribe-'));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('parseScribeDocument', () => {
  it.each(['usn-2015.json', 'rhsa-2015.json', 'glibc-CVE-2015-7547-noreboot-scribe.json'])('accepts the sample policy %s', (name) => {
    const parsed = parseScribeDocument(sample(name));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('sizes the big samples as expected', () => {
    const usn = parseScribeDocument(sample('usn-2015.json'));
    const rhsa = parseScribeDocument(sample('rhsa-2015.json'));
    // usn-2015 repeats 72 identical objects; they are kept once.
    expect(usn.ok && [usn.document.objects.length, usn.document.tests.length]).toEqual([1245, 2741]);
    expect(rhsa.ok && [rhsa.document.objects.length, rhsa.document.tests.length]).toEqual([642, 1914]);
  });

  it('reports every problem at once', () => {
    const parsed = parseScribeDocument({
      objects: [{ object: 'o1', package: { name: 'x' } }, { object: 'o1', package: { name: 'x' } }, { object: 'o1', package: { name: 'y' } }, { object: 'empty' }, { object: 'bad', hasline: { path: '/etc', file: '(' } }],
      tests: [
        { test: 't1', object: 'nope' },
        { test: 't2', object: 'o1', evr: { operation: '~~', value: '1' } },
        { test: 't3', object: 'o1', if: ['t4'] },
        { test: 't4', object: 'o1', if: ['t3'] },
        { test: 't5', object: 'o1', if: ['t5', 'ghost'] },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'object "o1" is defined twice, differently',
      'object "empty": no source (package name, filecontent/filename/hasline path or raw identifiers)',
      expect.stringMatching(/^object "bad": invalid regex "\("/),
      'object "bad": hasline expression must be set',
      'test "t1": unknown object "nope"',
      'test "t2": invalid evr operation "~~"',
      'test "t5": test cannot reference itself',
      'test "t5": unknown test "ghost" in if',
      'dependency cycle: t3 -> t4 -> t3',
    ]);
  });
});

describe('usn-2015 against a planted Ubuntu 14.04 dpkg database', () => {
  const root = tempRoot();
  let results: ScribeTestResult[] = [];

  beforeAll(async () => {
    plant(root, {
      'etc/lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=14.04\nDISTRIB_CODENAME=trusty\n',
      'var/lib/dpkg/status': [
        // Vulnerable: fixed in 1.0.1f-1ubuntu2.15 (USN-2639-1) and 2.16 (USN-2830-1), not yet installed.
        'Package: libssl1.0.0\nStatus: install ok installed\nMulti-Arch: same\nArchitecture: amd64\nVersion: 1.0.1f-1ubuntu2.12\n',
        // Fixed: exactly the version USN-2533-1 asks for.
        'Package: sudo\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.8.9p5-1ubuntu1.1\n',
        // Removed package: must be ignored even though its version is vulnerable.
        'Package: git\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1:1.9.1-1\n',
      ].join('\n'),
    });
    const result = await scribeModule.run({ policy: sample('usn-2015.json') as Record<string, unknown>, root }, context());
    expect(result.success).toBe(true);
    expect(result.errors).toEqual([]);
    results = result.elements.results;
  });

  it('evaluates every test without error', () => {
    expect(results).toHaveLength(2741);
    expect(results.filter((r) => r.iserror)).toEqual([]);
  });

  it('detects the release from /etc/lsb-release', () => {
    expect(byId(results, 'test-release-ubuntu-trusty')).toMatchObject({ masterresult: true, results: [{ identifier: '/etc/lsb-release', value: '14.04', result: true }] });
    expect(byId(results, 'test-release-ubuntu-utopic').masterresult).toBe(false);
  });

  it('flags the vulnerable libssl1.0.0 for the USNs released after its version', () => {
    for (const id of ['810dcfa3b9c20d2d6f1f72b2691e18d4', 'ac3afc90ff0822358213b6fc499a9bee']) {
      expect(byId(results, id)).toMatchObject({
        masterresult: true,
        hastrueresults: true,
        results: [{ result: true, identifier: 'libssl1.0.0', value: '1.0.1f-1ubuntu2.12' }],
      });
    }
  });

  it('does not flag libssl1.0.0 for the USNs it already has (equal or older fixed versions)', () => {
    // USN-2624-1 fixed in exactly 2.12 (installed), USN-2459-1 in 2.8.
    expect(byId(results, '6b90daa7cfaaa7d38fd2764527bf587c')).toMatchObject({ masterresult: false, hastrueresults: false, results: [{ result: false }] });
    expect(byId(results, '5c91ffd09ddc3dc6c44278484e4ce1fa').masterresult).toBe(false);
  });

  it('does not flag the fixed sudo, nor an architecture that is not installed, nor a removed package', () => {
    expect(byId(results, 'ff8156c147d64e3de06c002e7d791143')).toMatchObject({ masterresult: false, results: [{ identifier: 'sudo', result: false }] });
    expect(byId(results, '458ff13a649a7b35895e976b283a79d1')).toMatchObject({ masterresult: false, results: [] });
    const gitTests = results.filter((r) => r.name.startsWith('test-ubuntu-trusty-git-'));
    expect(gitTests.length).toBeGreaterThan(0);
    expect(gitTests.every((r) => r.results.length === 0 && !r.masterresult)).toBe(true);
  });

  it('keeps tests of another release false even when the version test itself is true', () => {
    const utopic = results.filter((r) => r.name.startsWith('test-ubuntu-utopic-libssl1.0.0:amd64-') && r.hastrueresults);
    expect(utopic.length).toBeGreaterThan(0);
    expect(utopic.every((r) => !r.masterresult)).toBe(true);
  });

  it('reports exactly the planted vulnerabilities as true', () => {
    const flagged = results.filter((r) => r.masterresult && !r.testid.startsWith('test-release-')).map((r) => r.description);
    expect(new Set(flagged)).toEqual(new Set(['Ubuntu Update for openssl USN-2639-1', 'Ubuntu Update for openssl USN-2830-1']));
  });
});

describe('the glibc RHEL sample: filecontent, import-chain, raw and concat', () => {
  it('combines the uptime with the raw ".0" and compares it after the package test', async () => {
    const root = tempRoot();
    plant(root, { 'etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.7 (Santiago)\n', 'proc/uptime': '400000.52 790000.11\n' });
    const parsed = parseScribeDocument(sample('glibc-CVE-2015-7547-noreboot-scribe.json'));
    if (!parsed.ok) throw new Error(parsed.reason);
    const packages = [{ name: 'glibc', version: '2.12-1.166.el6_7.7', arch: 'x86_64', system: 'rpm' as const }];
    const results = await evaluateScribe(parsed.document, { root, packages });
    expect(byId(results, 'test-release-redhat-rhel6')).toMatchObject({ masterresult: true, results: [{ value: 'release 6' }] });
    expect(byId(results, '26eb87f84808a347e3ce6955bffc9c02').masterresult).toBe(true);
    expect(byId(results, 'test-uptime')).toMatchObject({ masterresult: true, results: [{ identifier: '/proc/uptime', value: '400000.0', result: true }] });

    plant(root, { 'proc/uptime': '1000.52 790000.11\n' });
    const rebooted = await evaluateScribe(parsed.document, { root, packages });
    expect(byId(rebooted, 'test-uptime')).toMatchObject({ masterresult: false, results: [{ value: '1000.0', result: false }] });

    plant(root, { 'proc/uptime': '400000.52 790000.11\n' });
    const patched = await evaluateScribe(parsed.document, { root, packages: [{ ...packages[0]!, version: '2.12-1.166.el6_7.10' }] });
    expect(byId(patched, '26eb87f84808a347e3ce6955bffc9c02').masterresult).toBe(false);
    expect(byId(patched, 'test-uptime')).toMatchObject({ masterresult: false, hastrueresults: true });
  });
});

describe('evaluateScribe objects and tests', () => {
  const root = tempRoot();
  plant(root, {
    'etc/ssh/sshd_config': '# comment\nPermitRootLogin no\nPort 22\n',
    'etc/ssh/ssh_config': 'Host *\n',
    'opt/app/lib/libfoo-1.2.3.so': '',
    'opt/app/lib/libfoo-1.10.0.so': '',
    'opt/app/deep/a/b/libfoo-0.9.so': '',
  });
  symlinkSync(join(root, 'opt/app/lib/libfoo-1.2.3.so'), join(root, 'opt/app/libfoo-9.9.so'));
  const doc: ScribeDocument = {
    variables: [{ key: 'sshdir', value: '/etc/ssh' }],
    objects: [
      { object: 'sshd-root', hasline: { path: '${sshdir}', file: '^sshd_config$', expression: '^PermitRootLogin\\s+no' } },
      { object: 'ssh-any-root', hasline: { path: '${sshdir}', file: '_config$', expression: '^PermitRootLogin' } },
      { object: 'sshd-port', filecontent: { path: '/etc/ssh', file: '^sshd_config$', expression: '^Port\\s+(\\d+)' } },
      { object: 'libfoo', filename: { path: '/opt/app', file: '^libfoo-([\\d.]+)\\.so$' } },
      { object: 'pkgs', package: { name: 'ignored', collectmatch: '^lib' } },
      { object: 'newest', package: { name: 'libz', onlynewest: true } },
      { object: 'broken', package: { name: 'broken' } },
    ],
    tests: [
      { test: 'root-login-off', object: 'sshd-root', exactmatch: { value: 'true' } },
      { test: 'any-file-sets-root', object: 'ssh-any-root', exactmatch: { value: 'true' } },
      { test: 'port-22', object: 'sshd-port', regexp: { value: '^22$' } },
      { test: 'port-2222', object: 'sshd-port', exactmatch: { value: '2222' } },
      { test: 'old-libfoo', object: 'libfoo', evr: { operation: 'lt', value: '1.5' } },
      { test: 'libfoo-le', object: 'libfoo', evr: { operation: '<=', value: '1.2.3' } },
      { test: 'libfoo-ge', object: 'libfoo', evr: { operation: 'ge', value: '1.10.0' } },
      { test: 'exists', object: 'libfoo' },
      { test: 'collected', object: 'pkgs' },
      { test: 'newest', object: 'newest', evr: { operation: '=', value: '1:1.3-1' } },
      { test: 'broken-version', object: 'broken', evr: { operation: '<', value: '1.0' } },
      { test: 'depends-on-broken', object: 'libfoo', if: ['broken-version'] },
      { test: 'depends-on-false', object: 'libfoo', if: ['port-2222'] },
    ],
  };

  it('evaluates hasline, filecontent, filename and package objects with each kind of test', async () => {
    const parsed = parseScribeDocument(doc);
    expect(parsed.ok).toBe(true);
    const packages = [
      { name: 'libz', version: '1:1.2-1', arch: 'amd64', system: 'dpkg' as const },
      { name: 'libz', version: '1:1.3-1', arch: 'i386', system: 'dpkg' as const },
      { name: 'libbar', version: '2.0', arch: 'amd64', system: 'dpkg' as const },
      { name: 'broken', version: '1.0-', arch: 'amd64', system: 'dpkg' as const },
    ];
    const results = await evaluateScribe(doc, { root, packages });
    expect(byId(results, 'root-login-off')).toMatchObject({ masterresult: true, results: [{ identifier: '/etc/ssh/sshd_config', value: 'true' }] });
    expect(byId(results, 'any-file-sets-root').results).toEqual([
      { identifier: '/etc/ssh/ssh_config', value: 'false', result: false },
      { identifier: '/etc/ssh/sshd_config', value: 'true', result: true },
    ]);
    expect(byId(results, 'port-22').masterresult).toBe(true);
    expect(byId(results, 'port-2222').masterresult).toBe(false);
    const libfoo = byId(results, 'old-libfoo').results.map((r) => `${r.value}:${r.result}`).sort();
    expect(libfoo).toEqual(['0.9:true', '1.10.0:false', '1.2.3:true', '9.9:false']);
    expect(byId(results, 'libfoo-le').results.filter((r) => r.result).map((r) => r.value).sort()).toEqual(['0.9', '1.2.3']);
    expect(byId(results, 'libfoo-ge').results.filter((r) => r.result).map((r) => r.value).sort()).toEqual(['1.10.0', '9.9']);
    expect(byId(results, 'exists')).toMatchObject({ masterresult: true });
    expect(byId(results, 'collected').results.map((r) => r.identifier).sort()).toEqual(['libbar', 'libz', 'libz']);
    expect(byId(results, 'newest')).toMatchObject({ masterresult: true, results: [{ value: '1:1.3-1' }] });
    expect(byId(results, 'broken-version')).toMatchObject({ iserror: true, error: expect.stringMatching(/revision number is empty/) });
    expect(byId(results, 'depends-on-broken')).toMatchObject({ iserror: true, error: 'a test dependency failed ("broken-version")' });
    expect(byId(results, 'depends-on-false')).toMatchObject({ iserror: false, hastrueresults: true, masterresult: false });
  });

  it('runs through the module with onlytrue, and refuses an invalid policy as a value', async () => {
    const only = await scribeModule.run({ policy: { variables: doc.variables, objects: doc.objects, tests: doc.tests.slice(0, 4) } as unknown as Record<string, unknown>, root, onlytrue: true }, context());
    expect(only.elements.results.map((r) => r.testid)).toEqual(['root-login-off', 'any-file-sets-root', 'port-22']);
    expect(only.statistics).toMatchObject({ tests: 4, truecount: 3, errorcount: 0 });
    expect(scribeModule.render?.(only, 'found')[0]).toBe('master [true] name:"root-login-off" id:"root-login-off" hastrue:true error:""');
    const bad = await scribeModule.run({ policy: { tests: [{ test: 'x', object: 'y' }] } }, context());
    expect(bad).toMatchObject({ success: false, errors: ['test "x": unknown object "y"'] });
  });

  it('reads the policy file named by -path on the investigator side', () => {
    const file = join(root, 'policy.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(scribeModule.paramsFromFlags?.({ path: file, onlytrue: true })).toEqual({ policy: JSON.parse(JSON.stringify(doc)), onlytrue: true });
    expect(() => scribeModule.paramsFromFlags?.({})).toThrow(/-path/);
  });

  it('marks unevaluated tests as errors once aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await scribeModule.run({ policy: doc as unknown as Record<string, unknown>, root }, { ...context(), signal: controller.signal });
    expect(result.success).toBe(false);
    expect(result.elements.results.every((r) => r.iserror)).toBe(true);
  });
});

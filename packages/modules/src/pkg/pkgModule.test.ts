import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleContext } from '@vigil/agent-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { listPackages } from './listPackages';
import { parseDpkgStatus } from './parseDpkgStatus';
import { pkgModule } from './pkgModule';
import { matchesVersionFilter, parseVersionFilter } from './versionFilter';

function context(): ModuleContext {
  return { signal: new AbortController().signal, deadline: Date.now() + 60_000, logger: { debug() {}, info() {}, warn() {} } };
}

const FIXTURE_STATUS = `Package: openssl
Status: install ok installed
Architecture: amd64
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit
 continuation line with Version: 9.9 that must be ignored
 .

Package: libssl3
Status: install ok installed
Multi-Arch: same
Architecture: i386
Version: 3.0.11-1~deb12u2

Package: removed-but-configured
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: half-installed
Status: install reinstreq half-installed
Architecture: amd64
Version: 2.0-1

Package: bash
Status: install ok installed
Architecture: amd64
Version: 5.2.15-2+b2

Package: sudo
Status: install ok installed
Architecture: amd64
Version: 1.9.13p3-1+deb12u1
`;

describe('parseDpkgStatus', () => {
  it('keeps only "install ok installed" packages and ignores continuation lines', () => {
    expect(parseDpkgStatus(FIXTURE_STATUS)).toEqual([
      { name: 'openssl', version: '3.0.11-1~deb12u2', arch: 'amd64', system: 'dpkg' },
      { name: 'libssl3', version: '3.0.11-1~deb12u2', arch: 'i386', system: 'dpkg' },
      { name: 'bash', version: '5.2.15-2+b2', arch: 'amd64', system: 'dpkg' },
      { name: 'sudo', version: '1.9.13p3-1+deb12u1', arch: 'amd64', system: 'dpkg' },
    ]);
  });

  it('reads the real dpkg database of this machine exactly as dpkg-query does', () => {
    const oracle = execFileSync('dpkg-query', ['-W', '-f', '${Status}\\t${Package}\\t${Version}\\t${Architecture}\\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.startsWith('install ok installed\t'))
      .map((l) => l.split('\t').slice(1).join(' '))
      .sort();
    expect(oracle.length).toBeGreaterThan(50);
    const ours = parseDpkgStatus(execFileSync('cat', ['/var/lib/dpkg/status'], { encoding: 'utf8' }))
      .map((p) => `${p.name} ${p.version} ${p.arch}`)
      .sort();
    expect(ours).toEqual(oracle);
  });
});

describe('pkgModule', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-pkg-'));
  mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
  writeFileSync(join(root, 'var/lib/dpkg/status'), FIXTURE_STATUS);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists the packages of a configurable root, filtered by name regex', async () => {
    const result = await pkgModule.run({ root, name: ['^(openssl|libssl)'] }, context());
    expect(result.success).toBe(true);
    expect(result.foundanything).toBe(true);
    expect(result.elements.packages.map((p) => p.name)).toEqual(['openssl', 'libssl3']);
    expect(result.statistics.scanned).toBe(4);
  });

  it('filters versions with dpkg ordering, where ~ sorts before the release', async () => {
    // 3.0.11-1~deb12u2 < 3.0.11-1 under dpkg rules, though a plain string compare says otherwise.
    const older = await pkgModule.run({ root, name: ['^openssl$'], version: '<3.0.11-1' }, context());
    expect(older.elements.packages.map((p) => p.version)).toEqual(['3.0.11-1~deb12u2']);
    const newer = await pkgModule.run({ root, name: ['^openssl$'], version: '>=3.0.11-1' }, context());
    expect(newer.foundanything).toBe(false);
    const patch = await pkgModule.run({ root, name: ['^sudo$'], version: '>1.9.13p2-1' }, context());
    expect(patch.elements.packages).toHaveLength(1);
  });

  it('reports rpm as absent, not as an error, when rpm is not installed', async () => {
    const result = await pkgModule.run({ root }, context());
    expect(result.errors).toEqual([]);
    // This machine is Debian without rpm; if rpm were installed the state would be "present".
    expect(result.elements.systems.rpm).toBe(execFileSync('sh', ['-c', 'command -v rpm || true'], { encoding: 'utf8' }).trim() ? 'present' : 'absent');
    expect(result.elements.systems.dpkg).toBe('present');
  });

  it('returns bad filters and regexes as errors', async () => {
    const bad = await pkgModule.run({ root, name: ['('], version: '<' }, context());
    expect(bad.success).toBe(false);
    expect(bad.errors).toHaveLength(2);
    const refused = await pkgModule.run({ root, version: '<1.0-' }, context());
    expect(refused.errors[0]).toMatch(/revision number is empty/);
    expect(refused.foundanything).toBe(false);
  });

  it('turns MIG-style flags into params and renders one line per package', async () => {
    const params = pkgModule.paramsFromFlags?.({ name: ['^bash$'], version: '>=5', root, system: ['dpkg'] });
    expect(params).toEqual({ name: ['^bash$'], version: '>=5', root, systems: ['dpkg'] });
    const result = await pkgModule.run(params ?? {}, context());
    expect(pkgModule.render?.(result, 'found')).toEqual(['dpkg bash 5.2.15-2+b2 amd64', '1 of 4 packages matched (dpkg present, rpm skipped)']);
  });
});

describe('listPackages with rpm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rpm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the rpm -qa queryformat output and compares rpm versions with rpm rules', async () => {
    // A stand-in executable printing what `rpm -qa --queryformat` prints on a RHEL host (only used where rpm is absent).
    const fake = join(dir, 'rpm');
    writeFileSync(fake, `#!/bin/sh\n[ "$1 $2" = "--root ${dir}" ] && [ "$3" = "-qa" ] || exit 3\nprintf 'glibc\\t0:2.12-1.166.el6_7.7\\tx86_64\\nkernel\\t0:2.6.32-573.el6\\tx86_64\\nbind\\t32:9.8.2-0.37.rc1.el6\\tx86_64\\n'\n`);
    chmodSync(fake, 0o755);
    const list = await listPackages({ root: dir, rpm: fake });
    expect(list.systems).toEqual({ dpkg: 'absent', rpm: 'present' });
    expect(list.packages).toContainEqual({ name: 'bind', version: '32:9.8.2-0.37.rc1.el6', arch: 'x86_64', system: 'rpm' });
    const filter = parseVersionFilter('<2.12-1.166.el6_7.10');
    if (!filter.ok) throw new Error(filter.reason);
    // rpm rules: 7.7 < 7.10 numerically, and the epoch 32 of bind outranks any version without epoch.
    expect(list.packages.filter((p) => matchesVersionFilter(p, filter.filter)).map((p) => p.name)).toEqual(['glibc', 'kernel']);
    const bind = parseVersionFilter('>100.0');
    expect(bind.ok && list.packages.filter((p) => matchesVersionFilter(p, bind.filter)).map((p) => p.name)).toEqual(['bind']);
  });
});

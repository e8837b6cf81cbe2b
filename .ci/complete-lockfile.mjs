#!/usr/bin/env node
// npm here resolves packages from a registry that lacks some other platforms' optional binaries
// (@rollup/rollup-darwin-x64, @turbo/windows-64, …). `npm install` then leaves them out of package-lock.json, and
// `npm ci` refuses that lockfile ("Missing: … from lock file"). This adds the missing optional entries, with the
// os/cpu/libc they are for, so `npm ci` accepts the lockfile and skips them on this platform.
// Run it after any `npm install` that changed the lockfile: node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const present = new Set(Object.keys(packages).map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length)));
const OS = [['darwin', 'darwin'], ['linux', 'linux'], ['win32', 'win32'], ['windows', 'win32'], ['android', 'android'], ['freebsd', 'freebsd'], ['openbsd', 'openbsd'], ['openharmony', 'openharmony'], ['netbsd', 'netbsd'], ['sunos', 'sunos'], ['aix', 'aix']];
const CPU = ['x64', 'arm64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

function platformOf(name) {
  const base = name.split('/').pop();
  const os = OS.find(([word]) => base.includes(word))?.[1];
  let cpu = CPU.find((c) => base.includes(c));
  if (!cpu && /-64($|-)/.test(base)) cpu = 'x64';
  if (!cpu && (/-arm($|-)/.test(base) || base.includes('eabi'))) cpu = 'arm';
  const libc = base.includes('musl') ? 'musl' : base.includes('-gnu') && os === 'linux' ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const meta of Object.values(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    if (present.has(name)) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os) continue; // not a platform binary: leave it to npm
    packages[`node_modules/${name}`] = {
      version: String(spec).replace(/^[~^=]/, ''),
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    present.add(name);
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} optional platform entr${added === 1 ? 'y' : 'ies'}\n`);

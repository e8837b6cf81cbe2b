import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetstatElements, NetstatParams } from './NetstatParams';

// A private network namespace with a veth pair, IPv4 and IPv6 addresses and a static ARP entry. The module
// reads its own namespace (like MIG), so it runs in a child process started with `ip netns exec`.
const ns = `vigil-netstat-${randomBytes(4).toString('hex')}`;
const moduleFile = fileURLToPath(new URL('./netstatModule.ts', import.meta.url));

function ip(...args: string[]): void {
  execFileSync('ip', ['-n', ns, ...args], { stdio: 'pipe' });
}

function runInNamespace(params: NetstatParams): { elements: NetstatElements; errors: string[]; success: boolean } {
  const code = `const { netstatModule } = await import(${JSON.stringify(moduleFile)});
const quiet = () => undefined;
const r = await netstatModule.run(${JSON.stringify(params)}, { signal: new AbortController().signal, deadline: Date.now() + 10000, logger: { debug: quiet, info: quiet, warn: quiet } });
process.stdout.write(JSON.stringify(r));`;
  const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as { elements: NetstatElements; errors: string[]; success: boolean };
}

beforeAll(() => {
  execFileSync('ip', ['netns', 'add', ns]);
  ip('link', 'add', 'vA', 'type', 'veth', 'peer', 'name', 'vB');
  ip('link', 'set', 'vA', 'address', '02:56:49:47:00:0a');
  ip('link', 'set', 'vB', 'address', '02:56:49:47:00:0b');
  ip('addr', 'add', '10.213.7.1/24', 'dev', 'vA');
  ip('addr', 'add', '10.213.7.2/24', 'dev', 'vB');
  ip('-6', 'addr', 'add', 'fd00:213::1/64', 'dev', 'vA', 'nodad');
  ip('link', 'set', 'lo', 'up');
  ip('link', 'set', 'vA', 'up');
  ip('link', 'set', 'vB', 'up');
  ip('neigh', 'add', '10.213.7.99', 'lladdr', '02:56:49:47:00:99', 'dev', 'vA', 'nud', 'permanent');
  ip('-6', 'neigh', 'add', 'fd00:213::99', 'lladdr', '02:56:49:47:00:69', 'dev', 'vA', 'nud', 'permanent');
});

afterAll(() => {
  execFileSync('ip', ['netns', 'del', ns]);
});

describe('netstatModule in a network namespace', () => {
  it('finds local MACs and addresses by CIDR, and IPv4 neighbors from the ARP table', () => {
    const r = runInNamespace({
      lm: ['^02:56:49:47:00:0a$'],
      li: ['10.213.0.0/16', 'fd00:213::/32', '192.168.0.0/16'],
      nm: ['^02:56:49:47:00:99$', '^02:56:49:47:00:98$'],
      ni: ['10.213.7.0/24'],
    });
    expect(r.success).toBe(true);
    const by = (check: string, value: string) => r.elements.find((e) => e.check === check && e.value === value);
    expect(by('lm', '^02:56:49:47:00:0a$')?.entries).toEqual([{ kind: 'local', interface: 'vA', mac: '02:56:49:47:00:0a' }]);
    const v4 = by('li', '10.213.0.0/16')?.entries.map((e) => (e.kind === 'local' ? `${e.interface} ${e.address}` : '')).sort();
    expect(v4).toEqual(['vA 10.213.7.1/24', 'vB 10.213.7.2/24']);
    expect(by('li', 'fd00:213::/32')?.entries).toEqual([
      { kind: 'local', interface: 'vA', mac: '02:56:49:47:00:0a', address: 'fd00:213::1/64', family: 'IPv6' },
    ]);
    expect(by('li', '192.168.0.0/16')?.found).toBe(false);
    const neighbor = { kind: 'neighbor', interface: 'vA', address: '10.213.7.99', mac: '02:56:49:47:00:99' };
    expect(by('nm', '^02:56:49:47:00:99$')?.entries).toEqual([neighbor]);
    expect(by('nm', '^02:56:49:47:00:98$')?.found).toBe(false);
    expect(by('ni', '10.213.7.0/24')?.entries).toEqual([neighbor]);
  });

  it('finds IPv6 neighbors (NDP) by MAC and by CIDR', () => {
    const r = runInNamespace({ nm: ['^02:56:49:47:00:69$'], ni: ['fd00:213::/64'] });
    expect(r.success).toBe(true);
    const ndp = { kind: 'neighbor', interface: 'vA', address: 'fd00:213::99', mac: '02:56:49:47:00:69' };
    const by = (check: string, value: string) => r.elements.find((e) => e.check === check && e.value === value);
    expect(by('nm', '^02:56:49:47:00:69$')?.entries).toEqual([ndp]);
    expect(by('ni', 'fd00:213::/64')?.entries).toEqual([ndp]);
  });
});

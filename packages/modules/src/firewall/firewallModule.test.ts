import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ModuleContext } from '@vigil/agent-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBlockTarget } from './blockTarget';
import { createFirewallModule, VIGIL_TABLE_SCRIPT } from './firewallModule';
import { parseIptablesSave } from './parseIptablesSave';

function context(): ModuleContext {
  return { signal: new AbortController().signal, deadline: Date.now() + 60_000, logger: { debug() {}, info() {}, warn() {} } };
}

// Everything runs inside a network namespace created here, so the host's own rules are never touched.
// Needs root and the Debian packages iproute2, nftables and iptables; without them these tests fail loudly.
const ns = `vigil-test-${randomBytes(4).toString('hex')}`;
const inNs = ['ip', 'netns', 'exec', ns];
const firewall = createFirewallModule({ commandPrefix: inNs });

/** Sends a UDP datagram to 127.0.0.1 from inside the namespace: SENT normally, EPERM when nftables drops it on output. */
function sendFromNamespace(): string {
  const script = "const s = require('dgram').createSocket('udp4'); s.send('x', 9, '127.0.0.1', (e) => { console.log(e ? e.code : 'SENT'); s.close(); });";
  return execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { encoding: 'utf8' }).trim();
}

beforeAll(() => {
  for (const [tool, pkg] of [['nft', 'nftables'], ['iptables-save', 'iptables'], ['ip', 'iproute2']]) {
    const probe = spawnSync(tool ?? '', ['--version'], { stdio: 'ignore' });
    if (probe.error) throw new Error(`${tool} is missing: the firewall tests need the Debian package ${pkg} (apt-get install -y ${pkg})`);
  }
  execFileSync('ip', ['netns', 'add', ns]);
  execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
});
afterAll(() => {
  spawnSync('ip', ['netns', 'delete', ns]);
});

describe('firewallModule in a network namespace', () => {
  it('is marked sensitive and lists an empty ruleset', async () => {
    expect(firewall.sensitive).toBe(true);
    const listed = await firewall.run({}, context());
    expect(listed.errors).toEqual([]);
    expect(listed.elements.tools).toEqual({ nft: 'present', iptables: 'present', ip6tables: 'present' });
    expect(listed.elements.blocked).toEqual([]);
    expect(listed.elements.nftables?.tables).toEqual([]);
  });

  it('blocks an address, reads it back, drops its traffic, and unblocks it', async () => {
    expect(sendFromNamespace()).toBe('SENT');
    const blocked = await firewall.run({ operation: 'block', address: '127.0.0.1' }, context());
    expect(blocked.errors).toEqual([]);
    expect(blocked.elements.change).toBe('added');
    expect(blocked.elements.commands.map((c) => c.argv)).toEqual([
      ['nft', '-f', '-'],
      ['nft', 'add', 'element', 'inet', 'vigil', 'blocked4', '{ 127.0.0.1 }'],
    ]);
    expect(blocked.elements.blocked).toEqual(['127.0.0.1']);
    expect(blocked.elements.nftables?.chains.map((c) => `${c.name}:${c.hook ?? ''}:${c.rules}`)).toEqual(['input:input:2', 'forward:forward:4', 'output:output:2']);
    expect(sendFromNamespace()).toBe('EPERM');

    const again = await firewall.run({ operation: 'block', address: '127.0.0.1/32' }, context());
    expect(again.elements).toMatchObject({ change: 'unchanged', note: '127.0.0.1 is already blocked', commands: [] });

    const removed = await firewall.run({ operation: 'unblock', address: '127.0.0.1' }, context());
    expect(removed.elements.change).toBe('removed');
    expect(removed.elements.blocked).toEqual([]);
    expect(sendFromNamespace()).toBe('SENT');
    const removedAgain = await firewall.run({ operation: 'unblock', address: '127.0.0.1' }, context());
    expect(removedAgain.elements).toMatchObject({ change: 'unchanged', note: '127.0.0.1 is not blocked' });
  });

  it('blocks networks of both families, normalised, and refuses overlaps', async () => {
    const v4 = await firewall.run({ operation: 'block', address: '198.51.100.77/24' }, context());
    expect(v4.elements.commands.map((c) => c.argv.at(-1))).toEqual(['{ 198.51.100.0/24 }']);
    const v6 = await firewall.run({ operation: 'block', address: '2001:db8::/32' }, context());
    expect(v6.elements.blocked).toEqual(['198.51.100.0/24', '2001:db8::/32']);
    const inside = await firewall.run({ operation: 'block', address: '198.51.100.7' }, context());
    expect(inside.elements.note).toBe('198.51.100.7 is already blocked by 198.51.100.0/24');
    const part = await firewall.run({ operation: 'unblock', address: '198.51.100.7' }, context());
    expect(part).toMatchObject({ success: false, errors: ['198.51.100.7 is blocked as part of 198.51.100.0/24; unblock 198.51.100.0/24 instead'] });
    const wider = await firewall.run({ operation: 'block', address: '198.51.0.0/16' }, context());
    expect(wider.success).toBe(false);
    expect(wider.errors[0]).toMatch(/overlaps 198\.51\.100\.0\/24/);
    await firewall.run({ operation: 'unblock', address: '198.51.100.0/24' }, context());
    const last = await firewall.run({ operation: 'unblock', address: '2001:db8::/32' }, context());
    expect(last.elements.blocked).toEqual([]);
  });

  it('dry runs report the exact commands and change nothing', async () => {
    const dry = await firewall.run({ operation: 'block', address: '192.0.2.9', dryRun: true }, context());
    expect(dry.elements.commands).toEqual([{ argv: ['nft', 'add', 'element', 'inet', 'vigil', 'blocked4', '{ 192.0.2.9 }'], exitCode: null, stderr: '' }]);
    expect((await firewall.run({}, context())).elements.blocked).toEqual([]);
    expect(firewall.render?.(dry, 'all')[0]).toBe('would run: nft add element inet vigil blocked4 { 192.0.2.9 }');
  });

  it('reads iptables rules through iptables-save', async () => {
    execFileSync('ip', [...inNs.slice(1), 'iptables', '-A', 'INPUT', '-s', '203.0.113.5', '-p', 'tcp', '--dport', '22', '-m', 'comment', '--comment', 'vigil test rule', '-j', 'DROP']);
    const listed = await firewall.run({}, context());
    const filter = listed.elements.iptables?.find((t) => t.name === 'filter');
    expect(filter?.chains).toEqual([{ name: 'INPUT', policy: 'ACCEPT' }, { name: 'FORWARD', policy: 'ACCEPT' }, { name: 'OUTPUT', policy: 'ACCEPT' }]);
    expect(filter?.rules).toEqual([{ chain: 'INPUT', spec: '-s 203.0.113.5/32 -p tcp -m tcp --dport 22 -m comment --comment "vigil test rule" -j DROP', target: 'DROP', source: '203.0.113.5/32' }]);
  });

  it('refuses addresses that are not IPs or CIDRs', async () => {
    const bad = await firewall.run({ operation: 'block', address: '10.0.0.0/33; reboot' }, context());
    expect(bad.success).toBe(false);
    expect(bad.errors[0]).toMatch(/is not an IP address or CIDR/);
  });
});

describe('parsers', () => {
  it('normalises block targets', () => {
    expect(parseBlockTarget('10.1.2.3/8')).toMatchObject({ ok: true, target: { family: 4, text: '10.0.0.0/8', prefix: 8 } });
    expect(parseBlockTarget('2001:DB8::1')).toMatchObject({ ok: true, target: { family: 6, text: '2001:db8::1', prefix: 128 } });
    expect(parseBlockTarget('::ffff:1.2.3.4')).toMatchObject({ ok: false });
    expect(parseBlockTarget('example.org')).toMatchObject({ ok: false, code: 'ADDRESS_INVALID' });
  });

  it('parses iptables-save with several tables and user chains', () => {
    const tables = parseIptablesSave('*nat\n:PREROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n-A PREROUTING -d 10.0.0.1/32 -j DOCKER\nCOMMIT\n*filter\n:INPUT DROP [1:2]\nCOMMIT\n');
    expect(tables).toEqual([
      { name: 'nat', chains: [{ name: 'PREROUTING', policy: 'ACCEPT' }, { name: 'DOCKER', policy: '-' }], rules: [{ chain: 'PREROUTING', spec: '-d 10.0.0.1/32 -j DOCKER', target: 'DOCKER', destination: '10.0.0.1/32' }] },
      { name: 'filter', chains: [{ name: 'INPUT', policy: 'DROP' }], rules: [] },
    ]);
  });

  it('ships a table script nft accepts', () => {
    expect(VIGIL_TABLE_SCRIPT).toMatch(/^table inet vigil \{/);
  });
});

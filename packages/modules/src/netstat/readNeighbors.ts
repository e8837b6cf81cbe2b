import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { NeighborEntry } from './NetstatParams';

/** ARP flag ATF_COM: the entry is complete (has a MAC). */
const ATF_COM = 0x02;

/** One line of `ip -6 neigh show`: `<addr> dev <if> lladdr <mac> [router] <STATE>`. */
const NDP_LINE = /^(\S+) dev (\S+) lladdr ([0-9a-fA-F:]+)/;

/**
 * Reads the kernel's IPv6 neighbor table (NDP). The kernel exposes it only through rtnetlink (RTM_GETNEIGH),
 * which Node cannot open without a native add-on, so it is read through iproute2's `ip -6 neigh show` (argv, no
 * shell), which asks the kernel over rtnetlink. Entries without a link-layer address (INCOMPLETE, FAILED) are skipped.
 */
export function readNdpNeighbors(errors: string[], ip = 'ip'): NeighborEntry[] {
  let text: string;
  try {
    text = execFileSync(ip, ['-6', 'neigh', 'show'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    errors.push(`IPv6 neighbors: cannot run ${ip} -6 neigh show (install iproute2): ${(error as Error).message.split('\n')[0]}`);
    return [];
  }
  const out: NeighborEntry[] = [];
  for (const line of text.split('\n')) {
    const m = NDP_LINE.exec(line.trim());
    if (m) out.push({ kind: 'neighbor', address: m[1]!, mac: m[3]!.toLowerCase(), interface: m[2]! });
  }
  return out;
}

/** Reads the kernel's IPv4 neighbor table from /proc/net/arp. */
export function readArpNeighbors(errors: string[], path = '/proc/net/arp'): NeighborEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    errors.push(`${path}: ${(error as Error).message}`);
    return [];
  }
  const out: NeighborEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    if ((Number.parseInt(f[2] ?? '0', 16) & ATF_COM) === 0) continue;
    out.push({ kind: 'neighbor', address: f[0] ?? '', mac: (f[3] ?? '').toLowerCase(), interface: f[5] ?? '' });
  }
  return out;
}

/** IPv4 (ARP) and IPv6 (NDP) neighbors. */
export function readNeighbors(errors: string[]): NeighborEntry[] {
  return [...readArpNeighbors(errors), ...readNdpNeighbors(errors)];
}

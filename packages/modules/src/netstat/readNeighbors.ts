import { readFileSync } from 'node:fs';
import type { NeighborEntry } from './NetstatParams';

/** ARP flag ATF_COM: the entry is complete (has a MAC). */
const ATF_COM = 0x02;

/**
 * Reads the kernel's IPv4 neighbor table from /proc/net/arp. IPv6 neighbors (NDP) are only exposed through
 * rtnetlink (RTM_GETNEIGH), which Node cannot open without a native add-on, so they are not listed.
 */
export function readNeighbors(errors: string[], path = '/proc/net/arp'): NeighborEntry[] {
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

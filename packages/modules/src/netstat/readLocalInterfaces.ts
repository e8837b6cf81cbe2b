import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { LocalAddressEntry } from './NetstatParams';

/**
 * Lists local interfaces with their MAC (from /sys/class/net, which includes interfaces without addresses)
 * and each address with its prefix (from the kernel via os.networkInterfaces).
 */
export function readLocalInterfaces(errors: string[]): LocalAddressEntry[] {
  const macs = new Map<string, string>();
  try {
    for (const name of readdirSync('/sys/class/net')) {
      try {
        macs.set(name, readFileSync(`/sys/class/net/${name}/address`, 'latin1').trim().toLowerCase());
      } catch {
        macs.set(name, '');
      }
    }
  } catch (error) {
    errors.push(`/sys/class/net: ${(error as Error).message}`);
  }
  const out: LocalAddressEntry[] = [];
  const seen = new Set<string>();
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    seen.add(name);
    for (const a of addresses ?? []) {
      out.push({
        kind: 'local',
        interface: name,
        mac: macs.get(name) ?? a.mac,
        address: a.cidr ?? a.address,
        family: a.family,
      });
    }
  }
  for (const [name, mac] of macs) {
    if (!seen.has(name)) out.push({ kind: 'local', interface: name, mac });
  }
  return out;
}

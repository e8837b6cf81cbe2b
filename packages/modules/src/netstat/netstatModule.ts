import { defineModule } from '@vigil/agent-sdk';
import type { ModuleResult, ShowMode } from '@vigil/agent-sdk';
import { compileMigRegex } from '../internal/compileMigRegex';
import { listFlag } from '../internal/flagValues';
import { ipMatcher } from '../internal/ipMatcher';
import { netstatParamsSchema } from './NetstatParams';
import type {
  LocalAddressEntry,
  NeighborEntry,
  NetstatCheck,
  NetstatCheckResult,
  NetstatElements,
  NetstatEntry,
  NetstatParams,
  NetstatStatistics,
  SocketEntry,
} from './NetstatParams';
import { readLocalInterfaces } from './readLocalInterfaces';
import { readNeighbors } from './readNeighbors';
import { readSocketTables } from './readSocketTable';
import { socketOwners } from './socketOwners';

type Result = ModuleResult<NetstatElements, NetstatStatistics>;

const CHECKS: readonly NetstatCheck[] = ['lm', 'li', 'nm', 'ni', 'ci', 'lp'];

function describe(e: NetstatEntry): string {
  switch (e.kind) {
    case 'local':
      return `${e.interface} mac=${e.mac}${e.address === undefined ? '' : ` addr=${e.address}`}`;
    case 'neighbor':
      return `${e.interface} neighbor ${e.address} mac=${e.mac}`;
    case 'socket': {
      const pid = e.pid === undefined ? '' : ` pid=${e.pid}`;
      return `${e.protocol} ${e.localAddress}:${e.localPort} -> ${e.remoteAddress}:${e.remotePort} ${e.state}${pid}`;
    }
  }
}

function renderNetstat(result: Result, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const r of result.elements) {
    if (!r.found) {
      if (show !== 'found') lines.push(`${r.check} ${r.value}: nothing found`);
      continue;
    }
    if (show === 'notfound') continue;
    for (const e of r.entries) lines.push(`${r.check} ${r.value}: ${describe(e)}`);
  }
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

function isListening(s: SocketEntry): boolean {
  return s.protocol.startsWith('tcp') ? s.state === 'LISTEN' : s.remotePort === 0 && isUnspecified(s.remoteAddress);
}

/**
 * The netstat module: local MACs and addresses, IPv4 (ARP) and IPv6 (NDP) neighbors, connected remote IPs and listening ports,
 * read from the kernel's own tables (/proc/net, /sys/class/net), with the owning pid of sockets.
 */
export const netstatModule = defineModule<NetstatParams, NetstatElements, NetstatStatistics>({
  name: 'netstat',
  description: 'Search local and neighbor MAC/IP addresses, connected IPs and listening ports.',
  params: netstatParamsSchema,
  flags: [
    { name: 'lm', kind: 'list', description: 'local MAC address regex' },
    { name: 'li', kind: 'list', description: 'local IP or CIDR, e.g. -li 10.0.0.0/8' },
    { name: 'nm', kind: 'list', description: 'neighbor MAC address regex' },
    { name: 'ni', kind: 'list', description: 'neighbor IP or CIDR' },
    { name: 'ci', kind: 'list', description: 'connected remote IP or CIDR, e.g. -ci 10.0.0.0/8' },
    { name: 'lp', kind: 'list', description: 'listening port, e.g. -lp 22' },
  ],
  paramsFromFlags(flags) {
    const params: NetstatParams = {};
    for (const c of CHECKS) {
      const values = listFlag(flags, c);
      if (values.length > 0) params[c] = values;
    }
    return params;
  },
  async run(params, context) {
    const started = performance.now();
    const errors: string[] = [];
    const elements: NetstatElements = [];
    let locals: LocalAddressEntry[] | undefined;
    let neighbors: NeighborEntry[] | undefined;
    let sockets: SocketEntry[] | undefined;
    const getLocals = (): LocalAddressEntry[] => (locals ??= readLocalInterfaces(errors));
    const getNeighbors = (): NeighborEntry[] => (neighbors ??= readNeighbors(errors));
    const getSockets = (): SocketEntry[] => (sockets ??= readSocketTables(errors));
    let invalid = false;
    for (const check of CHECKS) {
      for (const value of params[check] ?? []) {
        if (context.signal.aborted || Date.now() >= context.deadline) {
          errors.push(context.signal.aborted ? 'aborted: the run was cancelled' : 'stopped: the deadline passed');
          return { foundanything: false, success: false, elements, statistics: { totalhits: 0, exectimeMs: 0 }, errors };
        }
        let entries: NetstatEntry[] = [];
        if (check === 'lm' || check === 'nm') {
          const re = compileMigRegex(value);
          if (!re.ok) {
            errors.push(`${check}: ${re.reason}`);
            invalid = true;
            continue;
          }
          if (check === 'lm') {
            const byInterface = new Map<string, LocalAddressEntry>();
            for (const l of getLocals()) {
              if (l.mac !== '' && re.regex.test(l.mac) && !byInterface.has(l.interface)) {
                byInterface.set(l.interface, { kind: 'local', interface: l.interface, mac: l.mac });
              }
            }
            entries = [...byInterface.values()];
          } else {
            entries = getNeighbors().filter((n) => re.regex.test(n.mac));
          }
        } else if (check === 'li' || check === 'ni' || check === 'ci') {
          const m = ipMatcher(value);
          if (!m.ok) {
            errors.push(`${check}: ${m.reason}`);
            invalid = true;
            continue;
          }
          if (check === 'li') {
            entries = getLocals().filter((l) => l.address !== undefined && m.match(l.address.replace(/\/\d+$/, '')));
          } else if (check === 'ni') {
            entries = getNeighbors().filter((n) => m.match(n.address));
          } else {
            entries = getSockets().filter((s) => s.remotePort !== 0 && !isUnspecified(s.remoteAddress) && m.match(s.remoteAddress));
          }
        } else {
          const port = Number(value);
          if (!Number.isInteger(port) || port < 1 || port > 65535) {
            errors.push(`lp: "${value}" is not a port number`);
            invalid = true;
            continue;
          }
          entries = getSockets().filter((s) => s.localPort === port && isListening(s));
        }
        elements.push({ check, value, found: entries.length > 0, entries });
      }
    }
    // Attribute sockets to processes once, for every socket reported.
    const socketEntries = elements.flatMap((r) => r.entries.filter((e): e is SocketEntry => e.kind === 'socket'));
    const owners = socketOwners(new Set(socketEntries.map((s) => s.inode).filter((i) => i !== 0)), () => Date.now() >= context.deadline);
    for (const s of socketEntries) {
      const pid = owners.get(s.inode);
      if (pid !== undefined) s.pid = pid;
    }
    const totalhits = elements.filter((r: NetstatCheckResult) => r.found).length;
    return {
      foundanything: totalhits > 0,
      success: !invalid,
      elements,
      statistics: { totalhits, exectimeMs: Math.round(performance.now() - started) },
      errors,
    };
  },
  render: renderNetstat,
});

/** Parameters of the netstat module (MIG's names); every check takes a list of values. */
export interface NetstatParams {
  /** Local MAC addresses, as regexes (`^02:42`). */
  lm?: string[];
  /** Local IP addresses, as an IP or CIDR (`10.0.0.0/8`, `fe80::/10`). */
  li?: string[];
  /** Neighbor (ARP) MAC addresses, as regexes. */
  nm?: string[];
  /** Neighbor (ARP) IP addresses, as an IP or CIDR. */
  ni?: string[];
  /** Remote IPs of connections, as an IP or CIDR. */
  ci?: string[];
  /** Listening ports (TCP in LISTEN, UDP bound and unconnected). */
  lp?: string[];
}

/** The checks of {@link NetstatParams}. */
export type NetstatCheck = keyof NetstatParams;

const list = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** JSON Schema of {@link NetstatParams}. */
export const netstatParamsSchema: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    lm: list,
    li: list,
    nm: list,
    ni: list,
    ci: list,
    lp: { type: 'array', items: { type: 'string', pattern: '^\\d{1,5}$' } },
  },
};

/** A local interface address. */
export interface LocalAddressEntry {
  /** Discriminant. */
  kind: 'local';
  /** Interface name, e.g. `eth0`. */
  interface: string;
  /** Interface MAC (from /sys/class/net/<if>/address). */
  mac: string;
  /** Address with prefix length (`10.0.0.5/24`), absent for an interface without addresses. */
  address?: string;
  /** `IPv4` or `IPv6`. */
  family?: 'IPv4' | 'IPv6';
}

/** A neighbor from the kernel's ARP (IPv4) or NDP (IPv6) table. */
export interface NeighborEntry {
  /** Discriminant. */
  kind: 'neighbor';
  /** Interface the neighbor is on. */
  interface: string;
  /** Neighbor IP address. */
  address: string;
  /** Neighbor MAC address. */
  mac: string;
}

/** A socket from /proc/net/{tcp,tcp6,udp,udp6}. */
export interface SocketEntry {
  /** Discriminant. */
  kind: 'socket';
  /** Table the socket came from. */
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  /** Kernel state name, e.g. `ESTABLISHED`, `LISTEN`. */
  state: string;
  /** Local address (IPv4-mapped IPv6 as `::ffff:a.b.c.d`). */
  localAddress: string;
  /** Local port. */
  localPort: number;
  /** Remote address; `0.0.0.0` or `::` when none. */
  remoteAddress: string;
  /** Remote port; 0 when none. */
  remotePort: number;
  /** Socket inode. */
  inode: number;
  /** Owning process, when /proc/<pid>/fd could be read. */
  pid?: number;
}

/** Any entry the netstat module reports. */
export type NetstatEntry = LocalAddressEntry | NeighborEntry | SocketEntry;

/** Result of one check value. */
export interface NetstatCheckResult {
  /** Which check (`lm`, `li`, …). */
  check: NetstatCheck;
  /** The value searched for. */
  value: string;
  /** Something matched. */
  found: boolean;
  /** What matched. */
  entries: NetstatEntry[];
}

/** What the netstat module found: one result per check value, in the order given. */
export type NetstatElements = NetstatCheckResult[];

/** Counters of a netstat run. */
export interface NetstatStatistics {
  /** Check values that found something. */
  totalhits: number;
  /** Wall time in milliseconds. */
  exectimeMs: number;
}

import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Address classes per the IANA IPv4/IPv6 special-purpose address registries. */
export type IpClass = 'private' | 'loopback' | 'link-local' | 'multicast' | 'reserved' | 'public';

const RANGE_CLASS: Readonly<Record<string, IpClass>> = {
  unicast: 'public',
  private: 'private',
  carrierGradeNat: 'private',
  uniqueLocal: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  // Globally reachable special-purpose blocks (IANA "Globally Reachable: True").
  as112: 'public',
  as112v6: 'public',
  amt: 'public',
  rfc6052: 'public',
  '6to4': 'public',
  teredo: 'public',
};

const NOT_AN_IP = 'not-an-ip';
const cache = new Map<string, IpClass | typeof NOT_AN_IP>();
const CACHE_LIMIT = 16_384;

/** Dotted-quad IPv4 → 32-bit number, or -1 (node's isIP has already validated the text). */
function ipv4Number(ip: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return value * 256 + octet;
}

/** [network, prefix length, class] from the IANA IPv4 special-purpose registry; first match wins. */
const V4: ReadonlyArray<readonly [number, number, IpClass]> = [
  ['0.0.0.0', 8, 'reserved'], ['10.0.0.0', 8, 'private'], ['100.64.0.0', 10, 'private'], ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], ['172.16.0.0', 12, 'private'], ['192.0.0.0', 24, 'reserved'], ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'], ['192.168.0.0', 16, 'private'], ['198.18.0.0', 15, 'reserved'], ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'], ['224.0.0.0', 4, 'multicast'], ['240.0.0.0', 4, 'reserved'],
].map(([net, bits, cls]) => [ipv4Number(net as string), 2 ** (32 - (bits as number)), cls as IpClass] as const);

function classifyV4(ip: string): IpClass {
  const n = ipv4Number(ip);
  for (const [net, size, cls] of V4) if (n >= net && n < net + size) return cls;
  return 'public';
}

function compute(ip: string): IpClass | undefined {
  const version = isIP(ip);
  if (version === 0) return undefined;
  // IPv4 is the common case: a table lookup without allocation (same ranges as ipaddr.js, which handles IPv6).
  if (version === 4) return classifyV4(ip);
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) address = v6.toIPv4Address();
  }
  const range = address.range();
  const mapped = RANGE_CLASS[range];
  if (mapped === undefined) return 'reserved';
  // IPv6 global unicast is 2000::/3 only; "unicast" elsewhere is still unallocated or reserved space.
  if (mapped === 'public' && range === 'unicast' && address.kind() === 'ipv6') {
    const first = (address as ipaddr.IPv6).parts[0] ?? 0;
    if ((first & 0xe000) !== 0x2000) return 'reserved';
  }
  return mapped;
}

/**
 * Classifies an IPv4 or IPv6 address (validated with `node:net` `isIP`) as private, loopback, link-local,
 * multicast, reserved or public; IPv4-mapped IPv6 addresses are classified as their IPv4 address.
 * Returns `undefined` for anything that is not an IP address.
 */
export function classifyIp(ip: string): IpClass | undefined {
  if (typeof ip !== 'string' || ip.length > 64) return undefined;
  const hit = cache.get(ip);
  if (hit !== undefined) return hit === NOT_AN_IP ? undefined : hit;
  let result: IpClass | undefined;
  try {
    result = compute(ip);
  } catch {
    result = undefined;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ip, result ?? NOT_AN_IP);
  return result;
}

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

const cache = new Map<string, IpClass | undefined>();
const CACHE_LIMIT = 8192;

function compute(ip: string): IpClass | undefined {
  const version = isIP(ip);
  if (version === 0) return undefined;
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
  if (cache.has(ip)) return cache.get(ip);
  let result: IpClass | undefined;
  try {
    result = compute(ip);
  } catch {
    result = undefined;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ip, result);
  return result;
}

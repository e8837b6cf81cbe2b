import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { parseIpv4 } from '../internal/parseIpv4';

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

/** [network, prefix length, class] from the IANA IPv4 special-purpose registry; first match wins. */
const V4: ReadonlyArray<readonly [number, number, IpClass]> = [
  ['0.0.0.0', 8, 'reserved'], ['10.0.0.0', 8, 'private'], ['100.64.0.0', 10, 'private'], ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], ['172.16.0.0', 12, 'private'], ['192.0.0.0', 24, 'reserved'], ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'], ['192.168.0.0', 16, 'private'], ['198.18.0.0', 15, 'reserved'], ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'], ['224.0.0.0', 4, 'multicast'], ['240.0.0.0', 4, 'reserved'],
].map(([net, bits, cls]) => [parseIpv4(net as string), 2 ** (32 - (bits as number)), cls as IpClass] as const);

const V4_START = Float64Array.from(V4, ([net]) => net);
const V4_END = Float64Array.from(V4, ([net, size]) => net + size);
const V4_CLASS = V4.map(([, , cls]) => cls);

function classifyV4(n: number): IpClass {
  for (let i = 0; i < V4_START.length; i++) {
    if (n >= (V4_START[i] as number) && n < (V4_END[i] as number)) return V4_CLASS[i] as IpClass;
  }
  return 'public';
}

function compute(ip: string): IpClass | undefined {
  if (isIP(ip) === 0) return undefined;
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
  // IPv4 is the common case: parsed and looked up in the table above without allocation or cache (same ranges
  // as ipaddr.js, which handles IPv6).
  const v4 = parseIpv4(ip);
  if (v4 >= 0) return classifyV4(v4);
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

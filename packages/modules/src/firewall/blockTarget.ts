import ipaddr from 'ipaddr.js';

/** An address or network to block, normalised the way nft prints set elements. */
export interface BlockTarget {
  /** IP version. */
  family: 4 | 6;
  /** `192.0.2.1`, or `198.51.100.0/24` for a network (host bits cleared, full-length prefixes collapsed). */
  text: string;
  /** Parsed network address. */
  address: ipaddr.IPv4 | ipaddr.IPv6;
  /** Prefix length. */
  prefix: number;
}

/** Parses an IP address or CIDR for blocking; refuses anything else (returned as a value). */
export function parseBlockTarget(input: string): { ok: true; target: BlockTarget } | { ok: false; code: 'ADDRESS_INVALID'; reason: string } {
  const text = input.trim();
  try {
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    let prefix: number;
    if (text.includes('/')) {
      [address, prefix] = ipaddr.parseCIDR(text);
    } else {
      if (!ipaddr.isValid(text)) throw new Error('not an IP address');
      address = ipaddr.parse(text);
      prefix = address.kind() === 'ipv4' ? 32 : 128;
    }
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return { ok: false, code: 'ADDRESS_INVALID', reason: `"${input}" is an IPv4-mapped IPv6 address; block the IPv4 address instead` };
    }
    const family = address.kind() === 'ipv4' ? 4 : 6;
    const full = family === 4 ? 32 : 128;
    const network = family === 4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
    const shown = network.toString();
    return { ok: true, target: { family, text: prefix === full ? shown : `${shown}/${prefix}`, address: network, prefix } };
  } catch (error) {
    return { ok: false, code: 'ADDRESS_INVALID', reason: `"${input}" is not an IP address or CIDR: ${(error as Error).message}` };
  }
}

/** Whether `outer` contains `inner` (same family, shorter or equal prefix). */
export function covers(outer: BlockTarget, inner: BlockTarget): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  return inner.address.match(outer.address, outer.prefix);
}

import ipaddr from 'ipaddr.js';

/** Tests whether an address falls in an IP or CIDR given by an investigator. */
export type IpMatcher = (address: string) => boolean;

/** A matcher, or why the IP/CIDR could not be parsed. */
export type IpMatcherResult = { ok: true; match: IpMatcher } | { ok: false; reason: string };

function normalise(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is compared as the IPv4 address it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

/**
 * Builds a matcher for `10.0.0.0/8`, `fe80::/10`, or a single address (`10.1.2.3`, `::1`). IPv4-mapped
 * IPv6 addresses on either side are compared as IPv4.
 */
export function ipMatcher(spec: string): IpMatcherResult {
  const text = spec.trim();
  if (text.includes('/')) {
    let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      range = ipaddr.parseCIDR(text);
    } catch {
      return { ok: false, reason: `"${spec}" is not a valid CIDR (e.g. 10.0.0.0/8 or fd00::/8)` };
    }
    let [net, bits] = range;
    if (net.kind() === 'ipv6' && (net as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
      net = (net as ipaddr.IPv6).toIPv4Address();
      bits -= 96;
    }
    const kind = net.kind();
    return {
      ok: true,
      match: (address) => {
        const a = normalise(address);
        if (a === undefined || a.kind() !== kind) return false;
        return kind === 'ipv4'
          ? (a as ipaddr.IPv4).match(net as ipaddr.IPv4, bits)
          : (a as ipaddr.IPv6).match(net as ipaddr.IPv6, bits);
      },
    };
  }
  const one = normalise(text);
  if (one === undefined) return { ok: false, reason: `"${spec}" is not a valid IP address or CIDR` };
  const wanted = one.toNormalizedString();
  const kind = one.kind();
  return {
    ok: true,
    match: (address) => {
      const a = normalise(address);
      return a !== undefined && a.kind() === kind && a.toNormalizedString() === wanted;
    },
  };
}

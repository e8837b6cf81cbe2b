/**
 * A dotted-quad IPv4 address as a 32-bit number (0 to 2³²−1), or -1 when `text` is not one. Accepts exactly what
 * `node:net` `isIPv4` accepts (four decimal octets 0–255, no leading zeros, nothing around them) without running
 * its regular expression: callers check every candidate address of every event, and most are IPv4.
 */
export function parseIpv4(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      // A leading zero is only allowed as the whole octet ("0", not "01").
      if (digits === 3 || (digits === 1 && octet === 0)) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + octet;
}

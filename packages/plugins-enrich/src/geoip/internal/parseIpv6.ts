/**
 * Writes an IPv6 address (RFC 4291 text: hex groups, one `::`, an optional dotted IPv4 tail) into `out[at..at+3]`
 * as four 32-bit words, most significant first; returns false (leaving `out` in any state) for anything else,
 * zone ids included. Used to load the ASN ranges and to look addresses up in them, without BigInt.
 */
export function parseIpv6(text: string, out: Uint32Array, at = 0): boolean {
  const n = text.length;
  if (n < 2 || n > 45) return false;
  const groups = GROUPS;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === n) return fill(groups, count, gap, out, at);
  }
  while (i < n) {
    let value = 0;
    let digits = 0;
    const start = i;
    while (i < n && digits <= 4) {
      const c = text.charCodeAt(i);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) break;
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (i < n && text.charCodeAt(i) === 46) {
      // Dotted IPv4 tail: only as the last 32 bits.
      const v4 = dottedQuad(text, start);
      if (v4 < 0 || count > 6) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = n;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    } else if (i === n) {
      return false; // a trailing single colon
    }
  }
  return fill(groups, count, gap, out, at);
}

// The groups read so far (up to 8, before and after a `::`; a dotted IPv4 tail counts as two), then all 8.
const GROUPS = new Uint16Array(8);

function fill(groups: Uint16Array, count: number, gap: number, out: Uint32Array, at: number): boolean {
  if (gap < 0 ? count !== 8 : count > 7) return false;
  if (gap >= 0) {
    // Move the groups after the gap to the end and zero the gap.
    const zeros = 8 - count;
    for (let k = count - 1; k >= gap; k--) groups[k + zeros] = groups[k] as number;
    groups.fill(0, gap, gap + zeros);
  }
  for (let w = 0; w < 4; w++) out[at + w] = (((groups[2 * w] as number) << 16) | (groups[2 * w + 1] as number)) >>> 0;
  return true;
}

/** The dotted quad from `start` to the end of `text`, or -1. */
function dottedQuad(text: string, start: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 3 || (digits === 1 && octet === 0)) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

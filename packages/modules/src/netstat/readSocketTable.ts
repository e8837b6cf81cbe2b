import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import type { SocketEntry } from './NetstatParams';

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT',
  '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING', '0C': 'NEW_SYN_RECV',
};

const LITTLE_ENDIAN = endianness() === 'LE';

/** Reads one 32-bit word printed by the kernel in host byte order, returning its bytes in network order. */
function wordBytes(hex: string): number[] {
  const b = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return LITTLE_ENDIAN ? b.reverse() : b;
}

/**
 * Decodes an address as printed in /proc/net/tcp* and udp*: IPv4 as one host-order 32-bit word, IPv6 as
 * four. An IPv4-mapped IPv6 address is returned in its `::ffff:a.b.c.d` form.
 */
export function decodeProcAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8)));
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best === -1) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses one socket table (`/proc/net/tcp` and friends). */
export function parseSocketTable(text: string, protocol: SocketEntry['protocol']): SocketEntry[] {
  const entries: SocketEntry[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = (lines[i] ?? '').trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, st, inode] = [f[1] ?? '', f[2] ?? '', f[3] ?? '', f[9] ?? ''];
    const [la, lp] = local.split(':');
    const [ra, rp] = remote.split(':');
    if (la === undefined || lp === undefined || ra === undefined || rp === undefined) continue;
    entries.push({
      kind: 'socket',
      protocol,
      state: protocol.startsWith('tcp') ? (TCP_STATES[st] ?? st) : st === '01' ? 'ESTABLISHED' : 'UNCONN',
      localAddress: decodeProcAddress(la),
      localPort: Number.parseInt(lp, 16),
      remoteAddress: decodeProcAddress(ra),
      remotePort: Number.parseInt(rp, 16),
      inode: Number(inode),
    });
  }
  return entries;
}

/** Reads the TCP and UDP tables of this network namespace; unreadable tables are reported in `errors`. */
export function readSocketTables(errors: string[], procNet = '/proc/net'): SocketEntry[] {
  const all: SocketEntry[] = [];
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    try {
      all.push(...parseSocketTable(readFileSync(`${procNet}/${protocol}`, 'latin1'), protocol));
    } catch (error) {
      // A kernel without IPv6 has no tcp6/udp6: that is not an error worth reporting.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !protocol.endsWith('6')) {
        errors.push(`${procNet}/${protocol}: ${(error as Error).message}`);
      }
    }
  }
  return all;
}

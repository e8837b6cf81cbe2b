import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { decodeProcAddress, parseSocketTable } from './readSocketTable';

describe('readSocketTable', () => {
  it('decodes host-order addresses as the kernel prints them', () => {
    // On a little-endian host the kernel prints 127.0.0.1 as 0100007F (x86, arm64 here).
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('000080FE00000000FF565002FEA401FE')).toBe('fe80::250:56ff:fe01:a4fe');
  });

  it('finds a real bound UDP socket in /proc/net/udp', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    try {
      const port = s.address().port;
      const entries = parseSocketTable(readFileSync('/proc/net/udp', 'latin1'), 'udp');
      expect(entries).toContainEqual(expect.objectContaining({ localAddress: '127.0.0.1', localPort: port, state: 'UNCONN', remotePort: 0 }));
    } finally {
      await new Promise<void>((r) => s.close(r));
    }
  });
});

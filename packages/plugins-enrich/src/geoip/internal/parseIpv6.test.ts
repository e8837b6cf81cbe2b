import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseIpv6 } from './parseIpv6';

/** The four 32-bit words of an IPv6 address, by ipaddr.js (the oracle). */
function oracle(text: string): number[] {
  const parts = ipaddr.IPv6.parse(text).parts;
  return [0, 1, 2, 3].map((w) => ((parts[2 * w]! << 16) | parts[2 * w + 1]!) >>> 0);
}

describe('parseIpv6', () => {
  it('reads what ipaddr.js reads, into four words', () => {
    const out = new Uint32Array(8);
    for (const text of [
      '::', '::1', '1::', '2001:db8::1', '2001:4860:4860::8888', '2a03:2880:f12f:83:face:b00c:0:25de', 'FE80::ABCD',
      '2001:0db8:0000:0000:0000:ff00:0042:8329', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::192.0.2.33',
      '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]) {
      expect(parseIpv6(text, out, 4), text).toBe(true);
      expect([...out.subarray(4)], text).toEqual(oracle(text));
    }
  });

  it('rejects what is not an IPv6 address', () => {
    const out = new Uint32Array(4);
    for (const text of [
      '', ':', ':::', '1:::2', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:', ':1', '1::2:',
      '8.8.8.8', '::1.2.3', '::1.2.3.256', '::01.2.3.4', 'fe80::1%eth0', '1:2:3:4:5:6:7:1.2.3.4', ' ::1',
    ]) {
      expect(parseIpv6(text, out), text).toBe(false);
    }
  });
});

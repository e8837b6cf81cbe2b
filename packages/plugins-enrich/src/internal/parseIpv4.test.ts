import { isIPv4 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './parseIpv4';

describe('parseIpv4', () => {
  it('accepts exactly what node:net isIPv4 accepts, with the address as a number', () => {
    const cases = [
      '0.0.0.0', '255.255.255.255', '8.8.8.8', '192.168.4.1', '10.0.0.255', '1.2.3.4', '01.2.3.4', '1.2.3.04', '00.0.0.0',
      '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4:80', '1.2.3.a',
      '1234.1.1.1', '1.2.3.-4', '::ffff:1.2.3.4', '', '1.2.3.4\n', '１.2.3.4', '999.999.999.999', '0.0.0.00', '100.200.250.255',
    ];
    for (const text of cases) {
      const n = parseIpv4(text);
      expect(n >= 0, text).toBe(isIPv4(text));
      if (n >= 0) expect(n, text).toBe(text.split('.').reduce((v, o) => v * 256 + Number(o), 0));
    }
  });

  it('agrees with isIPv4 on random dotted text', () => {
    let a = 7;
    const next = () => {
      a = (a * 1103515245 + 12345) & 0x7fffffff;
      return a;
    };
    const parts = ['0', '1', '01', '9', '10', '99', '100', '199', '249', '250', '255', '256', '300', '000', '', 'x'];
    for (let i = 0; i < 20_000; i++) {
      const count = 2 + (next() % 4);
      const text = Array.from({ length: count }, () => parts[next() % parts.length]).join('.');
      expect(parseIpv4(text) >= 0, text).toBe(isIPv4(text));
    }
  });
});

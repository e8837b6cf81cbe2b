import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../internal/parseIpv4';
import { defaultGeoipDatabases } from '../geoip';
import { AsnRanges } from './AsnRanges';
import { parseIpv6 } from './parseIpv6';

const dir = mkdtempSync(join(tmpdir(), 'vigil-asn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(v4: string, v6: string): [string, string] {
  const a = join(dir, `v4-${Math.random()}.csv`);
  const b = join(dir, `v6-${Math.random()}.csv`);
  writeFileSync(a, v4);
  writeFileSync(b, v6);
  return [a, b];
}

const ip = (text: string) => parseIpv4(text);
const words = (text: string) => {
  const out = new Uint32Array(4);
  if (!parseIpv6(text, out)) throw new Error(text);
  return out;
};

describe('AsnRanges', () => {
  // Lines in the layout of @ip-location-db/asn (asn-ipv4-num.csv / asn-ipv6.csv); numbers from RFC 5398's
  // documentation AS range where made up.
  const [v4, v6] = files(
    [
      `${ip('1.0.0.0')},${ip('1.0.0.255')},13335,"Cloudflare, Inc."`,
      `${ip('8.8.8.0')},${ip('8.8.8.255')},15169,Google LLC`,
      // Not /24-aligned, and overlapping the next row (the data has such rows): the next row wins from its start.
      `${ip('81.2.69.64')},${ip('81.2.70.127')},64496,"LLC ""Quoted"" Name"`,
      `${ip('81.2.70.0')},${ip('81.2.71.255')},64497,Example Two`,
      `${ip('81.2.72.0')},${ip('81.2.72.255')},64496,a different name for 64496`,
      '',
    ].join('\r\n'),
    ['2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC', '2a03:2880::,2a03:2880:ffff:ffff:ffff:ffff:ffff:ffff,32934,"Facebook, Inc."'].join('\n'),
  );
  const ranges = AsnRanges.load(v4, v6);

  it('finds the range of an IPv4 address, at its ends and nowhere else', () => {
    expect(ranges.size).toEqual({ ipv4: 5, ipv6: 2 });
    expect(ranges.lookupV4(ip('1.0.0.0'))).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(ranges.lookupV4(ip('1.0.0.255'))).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(ranges.lookupV4(ip('1.0.1.0'))).toBeUndefined();
    expect(ranges.lookupV4(ip('0.255.255.255'))).toBeUndefined();
    expect(ranges.lookupV4(ip('8.8.8.8'))).toEqual({ asn: 15169, org: 'Google LLC' });
    expect(ranges.lookupV4(ip('255.255.255.255'))).toBeUndefined();
  });

  it('unquotes organisations and keeps the first name of an AS', () => {
    expect(ranges.lookupV4(ip('81.2.69.64'))).toEqual({ asn: 64496, org: 'LLC "Quoted" Name' });
    expect(ranges.lookupV4(ip('81.2.72.1'))).toEqual({ asn: 64496, org: 'LLC "Quoted" Name' });
  });

  it('cuts an overlapping range where the next one starts', () => {
    expect(ranges.lookupV4(ip('81.2.69.255'))?.asn).toBe(64496);
    expect(ranges.lookupV4(ip('81.2.70.0'))?.asn).toBe(64497);
    expect(ranges.lookupV4(ip('81.2.70.127'))?.asn).toBe(64497);
  });

  it('says whether a /24 is answered alike', () => {
    expect(ranges.uniformOver24(ip('8.8.8.8'))).toBe(true); // one range covers it
    expect(ranges.uniformOver24(ip('9.9.9.9'))).toBe(true); // no range touches it
    expect(ranges.uniformOver24(ip('81.2.69.1'))).toBe(false); // the range starts at .64
    expect(ranges.uniformOver24(ip('81.2.69.200'))).toBe(false);
    expect(ranges.uniformOver24(ip('81.2.70.5'))).toBe(true); // cut range ends at .255 of 81.2.69; 64497 covers it
    expect(ranges.uniformOver24(ip('81.2.71.5'))).toBe(true);
    expect(ranges.uniformOver24(ip('0.0.0.1'))).toBe(true);
  });

  it('finds IPv6 ranges', () => {
    expect(ranges.lookupV6(words('2001:4860:4860::8888'))).toEqual({ asn: 15169, org: 'Google LLC' });
    expect(ranges.lookupV6(words('2001:4860:ffff:ffff:ffff:ffff:ffff:ffff'))?.asn).toBe(15169);
    expect(ranges.lookupV6(words('2001:4861::'))).toBeUndefined();
    expect(ranges.lookupV6(words('2001:485f:ffff::'))).toBeUndefined();
    expect(ranges.lookupV6(words('2a03:2880:f12f:83:face:b00c:0:25de'))).toEqual({ asn: 32934, org: 'Facebook, Inc.' });
    expect(ranges.lookupV6(words('::1'))).toBeUndefined();
  });

  it('names the file and line it cannot read', () => {
    const [bad4, good6] = files(`${ip('1.0.0.0')},${ip('1.0.0.255')},13335,x\n1.0.1.0,1.0.1.255,1,y\n`, '');
    expect(() => AsnRanges.load(bad4, good6)).toThrow(/v4-.*\.csv:2: expected a decimal number/);
    const [good4, bad6] = files('', '2001::,nonsense,1,x\n');
    expect(() => AsnRanges.load(good4, bad6)).toThrow(/v6-.*\.csv:1: expected an IPv6 address/);
    const [unsorted] = files(`${ip('2.0.0.0')},${ip('2.0.0.255')},1,x\n${ip('1.0.0.0')},${ip('1.0.0.255')},2,y\n`, '');
    expect(() => AsnRanges.load(unsorted, good6)).toThrow(/not sorted/);
  });

  it('loads the bundled @ip-location-db/asn files, every row found at both of its ends', () => {
    const { asn } = defaultGeoipDatabases();
    const real = AsnRanges.load(asn.ipv4, asn.ipv6);
    expect(real.size.ipv4).toBeGreaterThan(300_000);
    expect(real.size.ipv6).toBeGreaterThan(50_000);
    expect(real.lookupV4(ip('8.8.8.8'))).toEqual({ asn: 15169, org: 'Google LLC' });
    expect(real.lookupV4(ip('1.1.1.1'))).toMatchObject({ asn: 13335, org: expect.stringMatching(/cloudflare/i) });
    expect(real.lookupV6(words('2606:4700:4700::1111'))).toMatchObject({ asn: 13335 });
    // An independent reading of the file (split on commas) as the oracle: each row's start and end answer its AS,
    // unless a later row overlaps it (then the later row's start onwards is the later row's).
    const lines = readFileSync(asn.ipv4, 'latin1').split('\n').filter((l) => l !== '');
    const wrong: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const [start, end, number] = lines[i]!.split(',', 3).map(Number) as [number, number, number];
      const next = i + 1 < lines.length ? Number(lines[i + 1]!.split(',', 1)[0]) : Infinity;
      if (real.lookupV4(start)?.asn !== number || (end < next && real.lookupV4(end)?.asn !== number)) wrong.push(lines[i]!);
    }
    expect(lines.length).toBe(real.size.ipv4);
    expect(wrong).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { Reader } from 'maxmind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichmentPlugin } from '@vigil/core';
import { EnrichError } from '../EnrichError';
import { parseIpv4 } from '../internal/parseIpv4';
import { classifyIp } from '../ipFixup/classifyIp';
import { makeEvent, runOne } from '../../test/makeEvent';
import { defaultGeoipDatabases, geoip } from './geoip';
import { openDatabases } from './internal/sharedDatabases';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url).pathname;
const ev = (details: Record<string, unknown>) => makeEvent({ details });
const dotted = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

describe('geoip with the bundled DB-IP city database and ASN ranges', () => {
  let plugin: EnrichmentPlugin;
  beforeAll(() => {
    plugin = geoip();
    plugin.start?.();
  });
  afterAll(() => plugin.shutdown?.());
  const at = (p: EnrichmentPlugin, ip: string) => runOne(p, ev({ sourceipaddress: ip })).details;

  it('resolves the bundled files', () => {
    const files = defaultGeoipDatabases();
    expect(files.city.ipv4).toMatch(/@ip-location-db\/dbip-city-mmdb\/dbip-city-ipv4\.mmdb$/);
    expect(files.city.ipv6).toMatch(/dbip-city-ipv6\.mmdb$/);
    expect(files.asn.ipv4).toMatch(/@ip-location-db\/asn\/asn-ipv4-num\.csv$/);
    expect(files.asn.ipv6).toMatch(/asn-ipv6\.csv$/);
  });

  it('gives city, region, country, coordinates and ASN for well-known IPv4 addresses', () => {
    // Google Public DNS and Cloudflare's resolver; their AS numbers are stable, their DB-IP places may move.
    const e = runOne(plugin, ev({ sourceipaddress: '8.8.8.8', destinationipaddress: '1.1.1.1' }));
    expect(e.details).toMatchObject({
      sourceipgeolocation: {
        city: expect.any(String), region: expect.any(String), countrycode: 'US', country: 'United States',
        latitude: expect.any(Number), longitude: expect.any(Number),
      },
      sourceipasn: 15169,
      sourceipasorganization: expect.stringMatching(/google/i),
      destinationipgeolocation: { city: expect.any(String), countrycode: expect.stringMatching(/^[A-Z]{2}$/) },
      destinationipasn: 13335,
      destinationipasorganization: expect.stringMatching(/cloudflare/i),
    });
    expect(e.plugins).toEqual(['enrich:geoip']);
    const geo = e.details['sourceipgeolocation'] as { latitude: number };
    expect(String(geo.latitude).length).toBeLessThanOrEqual(8); // 32-bit float noise rounded off
  });

  it('looks IPv6 addresses up in the IPv6 file, and IPv4-mapped ones as IPv4', () => {
    // www.ripe.net (RIPE NCC, AS3333, Amsterdam) and www.wide.ad.jp (WIDE Project, AS2500, Japan).
    expect(at(plugin, '2001:67c:2e8:22::c100:68b')).toMatchObject({
      sourceipgeolocation: { city: expect.any(String), countrycode: 'NL', country: 'Netherlands' },
      sourceipasn: 3333,
      sourceipasorganization: expect.stringMatching(/ripe/i),
    });
    expect(at(plugin, '2001:200:dff:fff1:216:3eff:feb1:44d7')).toMatchObject({
      sourceipgeolocation: { city: expect.any(String), countrycode: 'JP', country: 'Japan' },
      sourceipasn: 2500,
    });
    expect(at(plugin, '2001:4860:4860::8888')).toMatchObject({
      sourceipgeolocation: { city: expect.any(String), countrycode: expect.stringMatching(/^[A-Z]{2}$/) },
      sourceipasn: 15169,
    });
    const mapped = at(plugin, '::ffff:8.8.8.8');
    const plain = at(plugin, '8.8.8.8');
    expect(mapped['sourceipgeolocation']).toEqual(plain['sourceipgeolocation']);
    expect(mapped['sourceipasn']).toBe(15169);
  });

  it('answers each address of a /24 the city database splits as the database does', () => {
    // The oracle: maxmind's Reader on the same file. Find /24s the database splits into differently placed parts.
    const reader = new Reader<Record<string, unknown>>(readFileSync(defaultGeoipDatabases().city.ipv4));
    const cityAt = (ip: string) => reader.get(ip)?.['city'];
    const splits: number[] = [];
    for (let i = 1; splits.length < 5 && i < 1_000_000; i++) {
      const network = ((i * 2_654_435_761) >>> 8) << 8 >>> 0; // spread over the whole space
      if (classifyIp(dotted(network)) !== 'public' || classifyIp(dotted(network + 255)) !== 'public') continue;
      const [, prefix] = reader.getWithPrefixLength(dotted(network));
      if (prefix > 24 && cityAt(dotted(network)) !== cityAt(dotted(network + 255))) splits.push(network);
    }
    expect(splits).toHaveLength(5);
    for (const cacheSize of [10_000, 1]) {
      const p = geoip({ cacheSize });
      for (const network of splits) {
        // Low end, high end, low end again: a /24-wide cache entry from the first would answer the second wrongly.
        for (const last of [0, 255, 0, 128, 127]) {
          const ip = dotted(network + last);
          expect((at(p, ip)['sourceipgeolocation'] as { city?: string } | undefined)?.city, ip).toBe(cityAt(ip));
        }
      }
    }
  });

  it('answers each address of a /24 the ASN ranges split as the ranges do', () => {
    // The oracle: the CSV itself, read independently. Rows that start inside a /24 next to a different answer.
    const rows = readFileSync(defaultGeoipDatabases().asn.ipv4, 'latin1').split('\n').filter((l) => l !== '')
      .map((l) => l.split(',', 3).map(Number) as [number, number, number]);
    const cases: Array<[below: number, start: number, asnBelow: number | undefined, asn: number]> = [];
    for (let i = 1; i < rows.length && cases.length < 5; i++) {
      const [start, , asn] = rows[i]!;
      const [, previousEnd, previousAsn] = rows[i - 1]!;
      if (start % 256 === 0 || classifyIp(dotted(start)) !== 'public' || classifyIp(dotted(start - 1)) !== 'public') continue;
      const asnBelow = previousEnd === start - 1 ? previousAsn : previousEnd < start - 1 ? undefined : -1;
      if (asnBelow === -1 || asnBelow === asn) continue;
      cases.push([start - 1, start, asnBelow, asn]);
    }
    expect(cases).toHaveLength(5);
    for (const cacheSize of [10_000, 1]) {
      const p = geoip({ cacheSize });
      for (const [below, start, asnBelow, asn] of cases) {
        for (let round = 0; round < 2; round++) {
          expect(at(p, dotted(below))['sourceipasn'], dotted(below)).toBe(asnBelow);
          expect(at(p, dotted(start))['sourceipasn'], dotted(start)).toBe(asn);
        }
      }
      p.shutdown?.();
    }
  });

  it('reads each database once per process, however many instances use it or restart', () => {
    const files = defaultGeoipDatabases();
    const bundled = () => [...openDatabases()].filter(([key]) => /dbip-city|asn-csv/.test(key));
    expect(bundled()).toHaveLength(3); // both city files and the ASN ranges, held by the suite's plugin above
    const others = [geoip(), geoip(), geoip({ cityDatabase: files.city }), geoip({ asnDatabase: false })];
    for (const p of others) p.start?.();
    for (const p of others) {
      p.shutdown?.();
      p.shutdown?.(); // twice is safe
    }
    // A stopped instance keeps its databases: starting it again, or using it, reads no file.
    for (const p of others) p.start?.();
    expect(at(others[0]!, '8.8.8.8')['sourceipasn']).toBe(15169);
    expect(bundled().map(([, loads]) => loads)).toEqual([1, 1, 1]);
  });

  it('answers IPv6 with nothing from an IPv4-only file given alone', () => {
    const v4only = geoip({ cityDatabase: defaultGeoipDatabases().city.ipv4, asnDatabase: false });
    expect(at(v4only, '8.8.8.8')['sourceipgeolocation']).toMatchObject({ countrycode: 'US' });
    expect(at(v4only, '2a03:2880:f12f:83:face:b00c:0:25de')).toEqual({ sourceipaddress: '2a03:2880:f12f:83:face:b00c:0:25de' });
    v4only.shutdown?.();
  });
});

describe('geoip with fixture databases', () => {
  const maxmind = { cityDatabase: fixture('test-city.mmdb'), asnDatabase: fixture('test-asn.mmdb') };

  it('reads GeoLite2-City and -ASN layouts (fixtures made with MaxMind\'s writer) and caches lookups', () => {
    const plugin = geoip({ ...maxmind, cacheSize: 2 });
    for (let i = 0; i < 3; i++) {
      const e = runOne(plugin, ev({ sourceipaddress: '81.2.69.160', destinationipaddress: '2a02:cf40::1' }));
      expect(e.details).toMatchObject({
        sourceipgeolocation: {
          city: 'London', region: 'England', country: 'United Kingdom', countrycode: 'GB', latitude: 51.5142, longitude: -0.0931,
          timezone: 'Europe/London',
        },
        sourceipasn: 20712,
        sourceipasorganization: 'Andrews & Arnold Ltd',
        destinationipgeolocation: { city: 'Berlin', countrycode: 'DE' },
      });
    }
    const asnOnly = runOne(plugin, ev({ sourceipaddress: '8.8.8.8' }));
    expect(asnOnly.details).toMatchObject({ sourceipasn: 15169, sourceipasorganization: 'GOOGLE' });
    expect(asnOnly.details['sourceipgeolocation']).toBeUndefined();
    // IPv4-mapped addresses are looked up as IPv4 (this tree has no ::ffff:0:0/96 alias).
    expect(runOne(plugin, ev({ sourceipaddress: '::ffff:81.2.69.1' })).details).toMatchObject({ sourceipgeolocation: { city: 'London' }, sourceipasn: 20712 });
    plugin.shutdown?.();
  });

  it('answers every address of a /24 alike only where the databases do not split it', () => {
    // test-city.mmdb splits 81.2.70.0/24 into two /25s (Cambridge, Paris); test-asn.mmdb has only the upper /25.
    for (const cacheSize of [10_000, 1]) {
      const plugin = geoip({ ...maxmind, cacheSize });
      const at = (ip: string) => runOne(plugin, ev({ sourceipaddress: ip })).details;
      for (let round = 0; round < 2; round++) {
        expect(at('81.2.70.1')['sourceipgeolocation']).toMatchObject({ city: 'Cambridge', countrycode: 'GB' });
        expect(at('81.2.70.1')['sourceipasn']).toBeUndefined();
        expect(at('81.2.70.200')).toMatchObject({ sourceipgeolocation: { city: 'Paris', countrycode: 'FR' }, sourceipasn: 64496 });
        expect(at('81.2.70.127')['sourceipgeolocation']).toMatchObject({ city: 'Cambridge' });
        expect(at('81.2.70.128')['sourceipgeolocation']).toMatchObject({ city: 'Paris' });
        for (const last of [1, 77, 254]) {
          expect(at(`81.2.69.${last}`)).toMatchObject({ sourceipgeolocation: { city: 'London' }, sourceipasn: 20712 });
        }
      }
      plugin.shutdown?.();
    }
  });

  it('reads ip-location-db\'s flat layout split into IPv4 and IPv6 files', () => {
    const plugin = geoip({ cityDatabase: { ipv4: fixture('test-flat-ipv4.mmdb'), ipv6: fixture('test-flat-ipv6.mmdb') }, asnDatabase: false });
    const e = runOne(plugin, ev({ sourceipaddress: '81.2.69.160', destinationipaddress: '2a02:cf40::1' }));
    // Empty strings (state2, postcode, timezone) are left out; float32 coordinates come back as written.
    expect(e.details['sourceipgeolocation']).toEqual({
      city: 'London', region: 'England', countrycode: 'GB', country: 'United Kingdom', latitude: 51.5143, longitude: -0.0912,
    });
    expect(e.details['destinationipgeolocation']).toEqual({
      city: 'Berlin', region: 'Land Berlin', countrycode: 'DE', country: 'Germany', latitude: 52.52, longitude: 13.405,
    });
    const at = (ip: string) => runOne(plugin, ev({ sourceipaddress: ip })).details['sourceipgeolocation'];
    for (let round = 0; round < 2; round++) {
      expect(at('81.2.70.1')).toMatchObject({ city: 'Cambridge' });
      expect(at('81.2.70.200')).toMatchObject({ city: 'Paris', countrycode: 'FR' });
    }
    plugin.shutdown?.();
  });

  it('uses a country database when one is given instead of the city database', () => {
    const plugin = geoip({ countryDatabase: fixture('test-country.mmdb'), asnDatabase: fixture('test-asn.mmdb') });
    const e = runOne(plugin, ev({ sourceipaddress: '81.2.69.160', destinationipaddress: '2a02:cf40::1' }));
    expect(e.details).toMatchObject({
      sourceipgeolocation: { countrycode: 'GB', country: 'United Kingdom' },
      sourceipasn: 20712,
      destinationipgeolocation: { countrycode: 'DE', country: 'Germany' },
    });
    expect(e.details['sourceipgeolocation']).toEqual({ countrycode: 'GB', country: 'United Kingdom' });
    plugin.shutdown?.();
  });

  it('gives each event its own copy of a cached location', () => {
    const plugin = geoip(maxmind);
    const first = runOne(plugin, ev({ sourceipaddress: '81.2.69.160' })).details['sourceipgeolocation'] as Record<string, unknown>;
    first['city'] = 'changed';
    const second = runOne(plugin, ev({ sourceipaddress: '81.2.69.161' })).details['sourceipgeolocation'];
    expect(second).toMatchObject({ city: 'London' });
    plugin.shutdown?.();
  });

  it('skips private, reserved and invalid addresses', () => {
    const plugin = geoip(maxmind);
    for (const ip of ['10.0.0.1', '127.0.0.1', '192.0.2.1', 'fe80::1', '::ffff:10.0.0.1', '2001:db8::1', 'nonsense']) {
      const e = runOne(plugin, ev({ sourceipaddress: ip }));
      expect(e.details).toEqual({ sourceipaddress: ip });
      expect(e.plugins).toBeUndefined();
    }
    plugin.shutdown?.();
  });

  it('fails at start with a how-to-fix error for a missing or unsuitable database', () => {
    const missingCity = geoip({ cityDatabase: '/nonexistent/GeoLite2-City.mmdb' });
    expect(() => missingCity.start?.()).toThrow(EnrichError);
    expect(() => missingCity.start?.()).toThrow(/cityDatabase "\/nonexistent\/GeoLite2-City.mmdb"/);
    const missingAsn = geoip({ cityDatabase: fixture('test-city.mmdb'), asnDatabase: '/nonexistent/GeoLite2-ASN.mmdb' });
    expect(() => missingAsn.start?.()).toThrow(/asnDatabase "\/nonexistent\/GeoLite2-ASN.mmdb"/);
    const swapped = geoip({ cityDatabase: { ipv4: fixture('test-flat-ipv4.mmdb'), ipv6: fixture('test-flat-ipv4.mmdb') } });
    expect(() => swapped.start?.()).toThrow(/cityDatabase\.ipv6 ".*test-flat-ipv4.mmdb" is an IPv4-only database/);
    expect(() => geoip({ cityDatabase: fixture('make-geoip-fixtures.pl') }).start?.()).toThrow(/as an MMDB database/);
  });

  it('rejects bad options when built', () => {
    expect(() => geoip({ cacheSize: 0 })).toThrow(/cacheSize must be >= 1/);
    expect(() => geoip({ cityDatabase: '' })).toThrow(/cityDatabase must NOT have fewer than 1 characters/);
    expect(() => geoip({ cityDatabase: { ipv4: 'a.mmdb' } as never })).toThrow(/cityDatabase must have required property 'ipv6'/);
    expect(() => geoip({ asnDatabase: true as never })).toThrow(/asnDatabase must NOT be valid/);
    expect(() => geoip({ asnDatabase: 7 as never })).toThrow(/asnDatabase must be string,object,boolean/);
  });
});

describe('parseIpv4 and the /24 arithmetic the tests use', () => {
  it('agree', () => {
    expect(dotted(parseIpv4('81.2.70.255'))).toBe('81.2.70.255');
  });
});

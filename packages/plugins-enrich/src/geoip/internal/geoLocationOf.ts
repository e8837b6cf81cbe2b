import { isRecord } from '../../internal/eventFields';
import type { GeoLocation } from '../GeoLocation';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function englishName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const names = value['names'];
  if (isRecord(names) && typeof names['en'] === 'string') return names['en'];
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
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

// DB-IP's MMDB files store coordinates as 32-bit floats (37.422 reads 37.422000885009766).
const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * Reads either the MaxMind layout (`city.names.en`, `subdivisions[0].names.en`, `country.iso_code`, `location.*`)
 * or ip-location-db's flat one (`city`, `state1`, `country_code`, `latitude`, `longitude`, `timezone`).
 * Fields are written in one fixed order, so every location object has the same shape.
 */
function toGeo(record: Record<string, unknown>): GeoLocation | undefined {
  const geo: GeoLocation = {};
  const city = englishName(record['city']) ?? nonEmpty(record['city']);
  if (city !== undefined) geo.city = city;
  const subdivisions = record['subdivisions'];
  const region = (Array.isArray(subdivisions) ? englishName(subdivisions[0]) : undefined) ?? nonEmpty(record['state1']);
  if (region !== undefined) geo.region = region;
  const country = isRecord(record['country']) ? record['country'] : undefined;
  const code = nonEmpty(country?.['iso_code']) ?? nonEmpty(record['country_code']);
  if (code !== undefined) geo.countrycode = code;
  const name = englishName(country) ?? (code === undefined ? undefined : countryName(code));
  if (name !== undefined) geo.country = name;
  const location = isRecord(record['location']) ? record['location'] : record;
  if (typeof location['latitude'] === 'number') geo.latitude = round4(location['latitude']);
  if (typeof location['longitude'] === 'number') geo.longitude = round4(location['longitude']);
  const timezone = nonEmpty(location['time_zone']) ?? nonEmpty(record['timezone']);
  if (timezone !== undefined) geo.timezone = timezone;
  return Object.keys(geo).length === 0 ? undefined : geo;
}

/** What {@link toGeo} made of each decoded record (the reader hands out one object per record while cached). */
const geoOfRecord = new WeakMap<object, GeoLocation | null>();

/** The location in a decoded MMDB record, or undefined; computed once per record object. */
export function geoLocationOf(record: unknown): GeoLocation | undefined {
  if (!isRecord(record)) return undefined;
  let geo = geoOfRecord.get(record);
  if (geo === undefined) {
    geo = toGeo(record) ?? null;
    geoOfRecord.set(record, geo);
  }
  return geo ?? undefined;
}

/**
 * A copy of a cached location for one event. Written field by field: a `{ ...geo }` copy gets a hidden class that
 * V8 cannot extend cheaply (adding a field to it later costs about half a microsecond).
 */
export function copyGeoLocation(geo: GeoLocation): GeoLocation {
  const out: GeoLocation = {};
  if (geo.city !== undefined) out.city = geo.city;
  if (geo.region !== undefined) out.region = geo.region;
  if (geo.countrycode !== undefined) out.countrycode = geo.countrycode;
  if (geo.country !== undefined) out.country = geo.country;
  if (geo.latitude !== undefined) out.latitude = geo.latitude;
  if (geo.longitude !== undefined) out.longitude = geo.longitude;
  if (geo.timezone !== undefined) out.timezone = geo.timezone;
  return out;
}

import { readFileSync, realpathSync } from 'node:fs';
import { Reader } from 'maxmind';
import { EnrichError } from '../../EnrichError';
import { sharedDatabase } from './sharedDatabases';

/** An MMDB file holding IPv4 and IPv6, or one file per address family (ip-location-db's layout). */
export type MmdbFiles = string | { ipv4: string; ipv6: string };

/** A decoded MMDB record. */
export type MmdbRecord = Record<string, unknown>;

/** Lookups in one MMDB source, routed by address family. */
export interface MmdbSource {
  /** The record for an IPv4 address (dotted text) and the prefix length of the network it is on. */
  lookupV4(ip: string): [MmdbRecord | null, number];
  /** The record for an IPv6 address (not IPv4-mapped; callers look those up as IPv4). */
  lookupV6(ip: string): MmdbRecord | null;
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

function openFile(path: string, option: string): Reader<MmdbRecord> {
  try {
    // The same file opened by several instances is read once (see sharedDatabases).
    const resolved = realpathSync(path);
    return sharedDatabase(`mmdb:${resolved}`, () => new Reader<MmdbRecord>(readFileSync(resolved), { cache: decodedCache() }));
  } catch (cause) {
    throw new EnrichError(
      'ENRICH_GEOIP_DATABASE',
      `enrich:geoip: cannot open ${option} "${path}" as an MMDB database: ${(cause as Error).message}. ` +
        'Point the option at a readable .mmdb file (e.g. GeoLite2-City.mmdb).',
      { cause },
    );
  }
}

/**
 * Opens `files` for the option named `option`. A single file answers both families if it is an IPv6 database
 * (MaxMind's layout maps IPv4 into it) and IPv4 only if it is an IPv4 one: mmdb-lib would walk an IPv4 tree with
 * an IPv6 address's bits and answer some unrelated record.
 */
export function openMmdb(files: MmdbFiles, option: string): MmdbSource {
  let v4: Reader<MmdbRecord>;
  let v6: Reader<MmdbRecord> | undefined;
  if (typeof files === 'string') {
    v4 = openFile(files, option);
    v6 = v4.metadata.ipVersion === 6 ? v4 : undefined;
  } else {
    v4 = openFile(files.ipv4, `${option}.ipv4`);
    v6 = openFile(files.ipv6, `${option}.ipv6`);
    if (v6.metadata.ipVersion !== 6) {
      throw new EnrichError(
        'ENRICH_GEOIP_DATABASE',
        `enrich:geoip: ${option}.ipv6 "${files.ipv6}" is an IPv4-only database; point it at the IPv6 file.`,
      );
    }
  }
  const v6Reader = v6;
  return {
    lookupV4: (ip) => v4.getWithPrefixLength(ip),
    lookupV6: (ip) => (v6Reader === undefined ? null : v6Reader.get(ip)),
  };
}

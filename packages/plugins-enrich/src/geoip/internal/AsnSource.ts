import { realpathSync } from 'node:fs';
import { EnrichError } from '../../EnrichError';
import { AsnRanges, type AsnAnswer } from './AsnRanges';
import { openMmdb, type MmdbFiles, type MmdbRecord } from './MmdbSource';
import { sharedDatabase } from './sharedDatabases';

export type { AsnAnswer } from './AsnRanges';

/** ASN lookups, from an MMDB (GeoLite2-ASN layout) or from ip-location-db's CSV ranges. */
export interface AsnSource {
  /** The AS of an IPv4 address (text and 32-bit number), and whether every address of its /24 has that answer. */
  lookupV4(ip: string, address: number): { found: AsnAnswer | undefined; whole24: boolean };
  /** The AS of an IPv6 address (text and its four 32-bit words). */
  lookupV6(ip: string, words: Uint32Array): AsnAnswer | undefined;
}

function fromRecord(record: MmdbRecord | null): AsnAnswer | undefined {
  const asn = record?.['autonomous_system_number'];
  if (typeof asn !== 'number') return undefined;
  const org = record?.['autonomous_system_organization'];
  return { asn, org: typeof org === 'string' ? org : undefined };
}

/** An ASN MMDB (`autonomous_system_number`, `autonomous_system_organization`: GeoLite2-ASN, ip-location-db asn-mmdb). */
export function openAsnMmdb(files: MmdbFiles): AsnSource {
  const mmdb = openMmdb(files, 'asnDatabase');
  return {
    lookupV4(ip) {
      const [record, prefix] = mmdb.lookupV4(ip);
      return { found: fromRecord(record), whole24: prefix <= 24 };
    },
    lookupV6: (ip) => fromRecord(mmdb.lookupV6(ip)),
  };
}

/** ip-location-db's ASN CSV files (`asn-ipv4-num.csv`, `asn-ipv6.csv`), loaded once per process into typed arrays. */
export function openAsnCsv(ipv4NumCsv: string, ipv6Csv: string): AsnSource {
  let ranges: AsnRanges;
  try {
    const v4 = realpathSync(ipv4NumCsv);
    const v6 = realpathSync(ipv6Csv);
    ranges = sharedDatabase(`asn-csv:${v4}\n${v6}`, () => AsnRanges.load(v4, v6));
  } catch (cause) {
    throw new EnrichError(
      'ENRICH_GEOIP_DATABASE',
      `enrich:geoip: cannot load the bundled ASN ranges ("${ipv4NumCsv}", "${ipv6Csv}"): ${(cause as Error).message}. ` +
        'Reinstall @ip-location-db/asn, point asnDatabase at an ASN .mmdb file, or set asnDatabase: false.',
      { cause },
    );
  }
  return {
    lookupV4: (_ip, address) => ({ found: ranges.lookupV4(address), whole24: ranges.uniformOver24(address) }),
    lookupV6: (_ip, words) => ranges.lookupV6(words),
  };
}

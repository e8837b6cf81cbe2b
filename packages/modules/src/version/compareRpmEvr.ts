import type { VersionOrder } from './compareDebianVersions';
import { compareRpmVersions } from './compareRpmVersions';
import { parseRpmEvr } from './parseRpmEvr';
import type { RpmEvr } from './parseRpmEvr';

function compareOptional(a: string | null, b: string | null): VersionOrder {
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareRpmVersions(a, b);
}

/**
 * Compares two `[epoch:]version[-release]` strings as rpm's `rpmverCmp`: epoch (missing = `0`), then version,
 * then release with `rpmvercmp`; a release that is present sorts after a missing one.
 */
export function compareRpmEvr(a: string | RpmEvr, b: string | RpmEvr): VersionOrder {
  const va = typeof a === 'string' ? parseRpmEvr(a) : a;
  const vb = typeof b === 'string' ? parseRpmEvr(b) : b;
  const epoch = compareRpmVersions(va.epoch ?? '0', vb.epoch ?? '0');
  if (epoch !== 0) return epoch;
  const version = compareOptional(va.version, vb.version);
  if (version !== 0) return version;
  return compareOptional(va.release, vb.release);
}

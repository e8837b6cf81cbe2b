import { compareDebianVersions } from '../version/compareDebianVersions';
import type { VersionOrder } from '../version/compareDebianVersions';
import { compareRpmEvr } from '../version/compareRpmEvr';
import { parseDebianVersion } from '../version/parseDebianVersion';
import type { InstalledPackage, PackageSystem } from './InstalledPackage';

/** Comparison operators of a version filter. */
export type VersionOperator = '<' | '<=' | '=' | '>=' | '>' | '!=';

/** A parsed version filter: an operator and a version, or (without operator) a regular expression. */
export type VersionFilter =
  | { readonly kind: 'compare'; readonly operator: VersionOperator; readonly version: string }
  | { readonly kind: 'regexp'; readonly pattern: RegExp };

const OPERATORS: ReadonlyArray<[string, VersionOperator]> = [
  ['<<', '<'], ['>>', '>'], ['<=', '<='], ['>=', '>='], ['!=', '!='], ['==', '='], ['<', '<'], ['>', '>'], ['=', '='],
];

/**
 * Parses `<1.2.3`, `<=1:2.0-1`, `=`, `>=`, `>`, `!=` (dpkg's `<<`/`>>` too); any other text is a regular
 * expression on the version, as in MIG's pkg module.
 */
export function parseVersionFilter(text: string): { ok: true; filter: VersionFilter } | { ok: false; code: 'FILTER_INVALID'; reason: string } {
  const trimmed = text.trim();
  for (const [token, operator] of OPERATORS) {
    if (trimmed.startsWith(token)) {
      const version = trimmed.slice(token.length).trim();
      if (version === '') return { ok: false, code: 'FILTER_INVALID', reason: `version filter "${text}" has no version after "${token}"` };
      return { ok: true, filter: { kind: 'compare', operator, version } };
    }
  }
  try {
    return { ok: true, filter: { kind: 'regexp', pattern: new RegExp(trimmed) } };
  } catch (error) {
    return { ok: false, code: 'FILTER_INVALID', reason: `version filter "${text}" is neither "<op><version>" nor a valid regular expression: ${(error as Error).message}` };
  }
}

/** Compares two versions with the package system's own comparator (dpkg's or rpm's). */
export function compareVersionsFor(system: PackageSystem, a: string, b: string): VersionOrder {
  return system === 'dpkg' ? compareDebianVersions(a, b) : compareRpmEvr(a, b);
}

/** Whether an operator holds for a comparison result. */
export function operatorHolds(operator: VersionOperator, order: VersionOrder): boolean {
  switch (operator) {
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '=': return order === 0;
    case '>=': return order >= 0;
    case '>': return order > 0;
    case '!=': return order !== 0;
  }
}

/**
 * Whether a package's version passes a filter, compared with its own system's comparator. A dpkg filter version
 * that dpkg refuses never matches (the caller validates filters with `validateFilterFor` first).
 */
export function matchesVersionFilter(pkg: InstalledPackage, filter: VersionFilter): boolean {
  if (filter.kind === 'regexp') return filter.pattern.test(pkg.version);
  if (pkg.system === 'dpkg' && (!parseDebianVersion(filter.version).ok || !parseDebianVersion(pkg.version).ok)) return false;
  return operatorHolds(filter.operator, compareVersionsFor(pkg.system, pkg.version, filter.version));
}

/** The reason a filter version cannot be compared with dpkg's rules, or `null` when it can. */
export function validateFilterFor(system: PackageSystem, filter: VersionFilter): string | null {
  if (filter.kind !== 'compare' || system !== 'dpkg') return null;
  const parsed = parseDebianVersion(filter.version);
  return parsed.ok ? null : `version "${filter.version}" is not a Debian version: ${parsed.reason}`;
}

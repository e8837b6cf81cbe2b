import { defineModule } from '@vigil/agent-sdk';
import type { FlagSpec, ModuleResult, ParsedFlags, ShowMode } from '@vigil/agent-sdk';
import { listFlag, stringFlag } from '../internal/flagValues';
import type { InstalledPackage, PackageSystem } from './InstalledPackage';
import { listPackages } from './listPackages';
import type { PackageSystemState } from './listPackages';
import { matchesVersionFilter, parseVersionFilter, validateFilterFor } from './versionFilter';
import type { VersionFilter } from './versionFilter';

/** Parameters of the pkg module. */
export interface PkgParams {
  /** Regular expressions on package names; a package matches when any matches. @default all packages */
  readonly name?: string[];
  /** Version filter: `<1.2.3`, `<=`, `=`, `>=`, `>`, `!=`, or a regular expression on the version. */
  readonly version?: string;
  /** Root directory of the host to inspect. @default '/' */
  readonly root?: string;
  /** Path of the dpkg status file, overriding `<root>/var/lib/dpkg/status`. */
  readonly dpkgStatus?: string;
  /** Package systems to read. @default ['dpkg', 'rpm'] */
  readonly systems?: PackageSystem[];
}

/** Elements of a pkg result. */
export interface PkgElements {
  /** Matching installed packages. */
  packages: InstalledPackage[];
  /** What each package system answered (`absent` is not an error). */
  systems: Record<PackageSystem, PackageSystemState>;
}

/** Statistics of a pkg result. */
export interface PkgStatistics {
  /** Installed packages read. */
  scanned: number;
  /** Packages that matched. */
  matched: number;
  /** Time spent, in milliseconds. */
  exectimeMs: number;
}

const pkgParamsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Regular expressions on package names.' },
    version: { type: 'string', minLength: 1, description: 'Version filter (<1.2.3, >=2:1.0-1, =1.0, !=1.0) or a regular expression.' },
    root: { type: 'string', minLength: 1, description: 'Root directory of the inspected host.' },
    dpkgStatus: { type: 'string', minLength: 1, description: 'Path of the dpkg status file.' },
    systems: { type: 'array', items: { enum: ['dpkg', 'rpm'] }, uniqueItems: true },
  },
} as const;

const pkgFlags: readonly FlagSpec[] = [
  { name: 'name', kind: 'list', description: 'regular expression on package names (repeatable)' },
  { name: 'version', kind: 'string', description: 'version filter, e.g. "<1.2.3" or ">=2:1.0-1", or a regular expression' },
  { name: 'root', kind: 'string', description: 'root directory of the host to inspect (default /)' },
  { name: 'dpkgstatus', kind: 'string', description: 'path of the dpkg status file' },
  { name: 'system', kind: 'list', description: 'package system to read: dpkg or rpm (repeatable, default both)' },
];

function pkgParamsFromFlags(flags: ParsedFlags): PkgParams {
  const name = listFlag(flags, 'name');
  const version = stringFlag(flags, 'version');
  const root = stringFlag(flags, 'root');
  const dpkgStatus = stringFlag(flags, 'dpkgstatus');
  const systems = listFlag(flags, 'system').filter((s): s is PackageSystem => s === 'dpkg' || s === 'rpm');
  return {
    ...(name.length > 0 ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(root !== undefined ? { root } : {}),
    ...(dpkgStatus !== undefined ? { dpkgStatus } : {}),
    ...(systems.length > 0 ? { systems } : {}),
  };
}

function failed(errors: string[]): ModuleResult<PkgElements, PkgStatistics> {
  return {
    foundanything: false,
    success: false,
    elements: { packages: [], systems: { dpkg: 'skipped', rpm: 'skipped' } },
    statistics: { scanned: 0, matched: 0, exectimeMs: 0 },
    errors,
  };
}

function renderPkg(result: ModuleResult<PkgElements, PkgStatistics>, show: ShowMode): string[] {
  const lines: string[] = [];
  if (show !== 'notfound') {
    for (const p of result.elements.packages) lines.push(`${p.system} ${p.name} ${p.version}${p.arch ? ` ${p.arch}` : ''}`);
  }
  if (show !== 'found' && result.elements.packages.length === 0) lines.push('no package matched');
  const systems = Object.entries(result.elements.systems).map(([s, state]) => `${s} ${state}`).join(', ');
  lines.push(`${result.statistics.matched} of ${result.statistics.scanned} packages matched (${systems})`);
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

/**
 * The pkg module: installed packages from the dpkg status database (read directly) and from rpm when present,
 * filtered by name and by version with the package system's own comparator (MIG's `pkg`).
 */
export const pkgModule = defineModule<PkgParams, PkgElements, PkgStatistics>({
  name: 'pkg',
  description: 'List installed dpkg/rpm packages, filtered by name regex and version comparison.',
  params: pkgParamsSchema,
  flags: pkgFlags,
  paramsFromFlags: pkgParamsFromFlags,
  async run(params, context) {
    const started = Date.now();
    const errors: string[] = [];
    const names: RegExp[] = [];
    for (const n of params.name ?? []) {
      try {
        names.push(new RegExp(n));
      } catch (error) {
        errors.push(`name "${n}" is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    let filter: VersionFilter | undefined;
    if (params.version !== undefined) {
      const parsed = parseVersionFilter(params.version);
      if (parsed.ok) filter = parsed.filter;
      else errors.push(parsed.reason);
    }
    if (errors.length > 0) return failed(errors);

    const systems = params.systems ?? ['dpkg', 'rpm'];
    const list = await listPackages({
      ...(params.root !== undefined ? { root: params.root } : {}),
      ...(params.dpkgStatus !== undefined ? { dpkgStatus: params.dpkgStatus } : {}),
      ...(systems.includes('rpm') ? {} : { rpm: false as const }),
      signal: context.signal,
    }).catch((error: unknown) => (context.signal.aborted ? null : Promise.reject(error)));
    if (list === null) return failed(['aborted: deadline passed or agent shutting down']);

    const states = { ...list.systems };
    if (!systems.includes('dpkg')) states.dpkg = 'skipped';
    const scanned = list.packages.filter((p) => systems.includes(p.system));
    const problems = new Set<string>();
    const packages = scanned.filter((p) => {
      if (names.length > 0 && !names.some((re) => re.test(p.name))) return false;
      if (filter === undefined) return true;
      const invalid = validateFilterFor(p.system, filter);
      if (invalid !== null) {
        problems.add(invalid);
        return false;
      }
      return matchesVersionFilter(p, filter);
    });
    return {
      foundanything: packages.length > 0,
      success: !context.signal.aborted,
      elements: { packages, systems: states },
      statistics: { scanned: scanned.length, matched: packages.length, exectimeMs: Date.now() - started },
      errors: [...list.errors, ...problems],
    };
  },
  render: renderPkg,
});

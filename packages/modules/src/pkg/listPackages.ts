import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstalledPackage, PackageSystem } from './InstalledPackage';
import { parseDpkgStatus } from './parseDpkgStatus';
import { readRpmPackages } from './readRpmPackages';

/** Where packages are read from. */
export interface ListPackagesOptions {
  /** Root directory of the host to inspect (the dpkg database is `<root>/var/lib/dpkg/status`). @default '/' */
  readonly root?: string;
  /** Path of the dpkg status file, overriding the one under `root`. */
  readonly dpkgStatus?: string;
  /** The rpm executable, or `false` to skip rpm. @default 'rpm' */
  readonly rpm?: string | false;
  /** Aborts reading. */
  readonly signal?: AbortSignal;
}

/** What each package system answered. `absent` is not an error: that system is not installed. */
export type PackageSystemState = 'present' | 'absent' | 'skipped' | 'failed';

/** Result of {@link listPackages}. */
export interface PackageList {
  /** Installed packages of every present system. */
  readonly packages: InstalledPackage[];
  /** State of each system. */
  readonly systems: Record<PackageSystem, PackageSystemState>;
  /** Failures, one line each. */
  readonly errors: string[];
}

/** Reads the installed packages from the dpkg status file (parsed directly) and from rpm, when present. */
export async function listPackages(options: ListPackagesOptions = {}): Promise<PackageList> {
  const root = options.root ?? '/';
  const packages: InstalledPackage[] = [];
  const errors: string[] = [];
  const systems: Record<PackageSystem, PackageSystemState> = { dpkg: 'absent', rpm: 'skipped' };

  const statusPath = options.dpkgStatus ?? join(root, 'var/lib/dpkg/status');
  try {
    const text = await readFile(statusPath, { encoding: 'utf8', ...(options.signal ? { signal: options.signal } : {}) });
    packages.push(...parseDpkgStatus(text));
    systems.dpkg = 'present';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      systems.dpkg = 'failed';
      errors.push(`dpkg: cannot read ${statusPath}: ${(error as Error).message}`);
    }
  }

  if (options.rpm !== false) {
    const rpm = await readRpmPackages({ root, command: options.rpm ?? 'rpm', ...(options.signal ? { signal: options.signal } : {}) });
    if (!rpm.ok) {
      systems.rpm = 'failed';
      errors.push(rpm.reason);
    } else if (rpm.present) {
      systems.rpm = 'present';
      packages.push(...rpm.packages);
    } else {
      systems.rpm = 'absent';
    }
  }
  return { packages, systems, errors };
}

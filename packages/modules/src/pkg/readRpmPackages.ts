import { execFile } from 'node:child_process';
import type { InstalledPackage } from './InstalledPackage';

/** Outcome of {@link readRpmPackages}: the packages, rpm absent (not an error), or a failure. */
export type ReadRpmResult =
  | { readonly ok: true; readonly present: true; readonly packages: InstalledPackage[] }
  | { readonly ok: true; readonly present: false }
  | { readonly ok: false; readonly code: 'RPM_FAILED'; readonly reason: string };

/** Options of {@link readRpmPackages}. */
export interface ReadRpmOptions {
  /** Root directory whose rpm database is read (`rpm --root`). @default '/' */
  readonly root?: string;
  /** The rpm executable. @default 'rpm' */
  readonly command?: string;
  /** Aborts the query. */
  readonly signal?: AbortSignal;
}

const FORMAT = '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n';

/**
 * Lists installed rpm packages with `rpm -qa --queryformat`. When rpm is not installed the answer is
 * `{ ok: true, present: false }`. Versions carry an explicit epoch only when it is not 0.
 */
export function readRpmPackages(options: ReadRpmOptions = {}): Promise<ReadRpmResult> {
  const args = ['-qa', '--queryformat', FORMAT];
  if (options.root !== undefined && options.root !== '/') args.unshift('--root', options.root);
  return new Promise((resolve) => {
    execFile(
      options.command ?? 'rpm',
      args,
      { maxBuffer: 64 * 1024 * 1024, ...(options.signal ? { signal: options.signal } : {}) },
      (error, stdout, stderr) => {
        if (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            resolve({ ok: true, present: false });
            return;
          }
          resolve({ ok: false, code: 'RPM_FAILED', reason: `rpm -qa failed: ${String(stderr).trim() || error.message}` });
          return;
        }
        const packages: InstalledPackage[] = [];
        for (const line of String(stdout).split('\n')) {
          const [name, evr, arch] = line.split('\t');
          if (!name || !evr) continue;
          const version = evr.startsWith('0:') ? evr.slice(2) : evr;
          packages.push({ name, version, arch: arch === '(none)' || arch === undefined ? '' : arch, system: 'rpm' });
        }
        resolve({ ok: true, present: true, packages });
      },
    );
  });
}

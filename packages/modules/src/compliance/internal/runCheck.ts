import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compileMigRegex } from '../../internal/compileMigRegex';
import type { ComplianceTest, FileModeTest, KeyValueTest, RegexTest, SysctlTest, WorldWritableTest } from '../CompliancePolicy';
import { configLines, idsByName, readHostFiles, underRoot } from './hostFiles';

/** A check's outcome before it becomes a compliance item. */
export interface CheckVerdict {
  compliance: boolean;
  /** Why, in one line. */
  reason: string;
  /** Host paths (or sysctl keys) inspected. */
  location: string;
  /** Short text of what was tested, for `check.test.value`. */
  value: string;
}

/** The PATH directories of a Debian host (root's PATH plus /usr/local). */
export const DEFAULT_PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function regex(source: string, flags = ''): RegExp {
  const compiled = compileMigRegex(source);
  if (!compiled.ok) throw new Error(compiled.reason);
  return new RegExp(compiled.regex.source, [...new Set(compiled.regex.flags + flags)].join(''));
}

function numericBounds(value: string, min: number | undefined, max: number | undefined): string | null {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) return `"${value}" is not a number`;
  if (min !== undefined && n < min) return `${n} is below ${min}`;
  if (max !== undefined && n > max) return `${n} is above ${max}`;
  return null;
}

async function regexCheck(t: RegexTest, root: string): Promise<CheckVerdict> {
  const expect = t.expect ?? 'present';
  const value = `${expect === 'present' ? 'has' : 'has no'} line matching /${t.pattern}/${t.ignoreCase ? 'i' : ''}`;
  const { files } = await readHostFiles(root, t.paths);
  const location = files.length > 0 ? files.map((f) => f.path).join(',') : t.paths.join(',');
  if (files.length === 0) {
    const pass = t.missing === 'pass';
    return { compliance: pass, reason: `no file found at ${t.paths.join(', ')}`, location, value };
  }
  const re = regex(t.pattern, t.ignoreCase ? 'i' : '');
  for (const f of files) {
    const line = configLines(f.text).find((l) => re.test(l));
    if (line !== undefined) {
      return expect === 'present'
        ? { compliance: true, reason: `${f.path}: "${line}"`, location, value }
        : { compliance: false, reason: `${f.path} has forbidden line "${line}"`, location, value };
    }
  }
  return expect === 'present'
    ? { compliance: false, reason: `no line matches in ${files.map((f) => f.path).join(', ')}`, location, value }
    : { compliance: true, reason: 'no forbidden line', location, value };
}

async function keyValueCheck(t: KeyValueTest, root: string): Promise<CheckVerdict> {
  const wanted = [t.match !== undefined ? `=~ /${t.match}/i` : '', t.min !== undefined ? `>= ${t.min}` : '', t.max !== undefined ? `<= ${t.max}` : '']
    .filter(Boolean)
    .join(' and ');
  const value = `${t.key} ${wanted}`;
  const { files } = await readHostFiles(root, t.paths);
  const location = files.length > 0 ? files.map((f) => f.path).join(',') : t.paths.join(',');
  const judge = (v: string, source: string): CheckVerdict => {
    if (t.match !== undefined && !regex(t.match, 'i').test(v)) return { compliance: false, reason: `${t.key} is "${v}" (${source})`, location, value };
    const bad = t.min !== undefined || t.max !== undefined ? numericBounds(v, t.min, t.max) : null;
    if (bad) return { compliance: false, reason: `${t.key}: ${bad} (${source})`, location, value };
    return { compliance: true, reason: `${t.key} is "${v}" (${source})`, location, value };
  };
  if (files.length === 0) {
    if (t.missing === 'pass') return { compliance: true, reason: `no file found at ${t.paths.join(', ')}`, location, value };
    if (t.missing === 'default' && t.default !== undefined) return judge(t.default, 'default, no configuration file');
    return { compliance: false, reason: `no file found at ${t.paths.join(', ')}`, location, value };
  }
  const key = t.key.toLowerCase();
  const stop = t.stopAt !== undefined ? regex(t.stopAt, 'i') : null;
  for (const f of files) {
    for (const line of configLines(f.text)) {
      if (stop?.test(line)) break;
      const m = /^([A-Za-z0-9_.-]+)\s*(?:=\s*|\s+)(.*)$/.exec(line);
      if (m && m[1]?.toLowerCase() === key) return judge((m[2] ?? '').trim().replace(/^"(.*)"$/, '$1'), f.path);
    }
  }
  if (t.default !== undefined) return judge(t.default, 'default, not set');
  return { compliance: false, reason: `${t.key} is not set`, location, value };
}

async function fileModeCheck(t: FileModeTest, root: string): Promise<CheckVerdict> {
  const max = parseInt(t.maxMode, 8);
  const value = `mode <= ${t.maxMode}${t.owner ? ` owner ${t.owner.join('|')}` : ''}${t.group ? ` group ${t.group.join('|')}` : ''}`;
  let st;
  try {
    st = await stat(underRoot(root, t.path));
  } catch {
    return { compliance: t.missing === 'pass', reason: `${t.path} does not exist`, location: t.path, value };
  }
  const mode = st.mode & 0o7777;
  const problems: string[] = [];
  if ((mode & ~max) !== 0) problems.push(`mode ${mode.toString(8).padStart(4, '0')} exceeds ${t.maxMode}`);
  const allowed = async (names: readonly string[], id: number, db: 'passwd' | 'group'): Promise<boolean> => {
    const ids = await idsByName(root, db);
    return names.some((n) => (/^\d+$/.test(n) ? Number(n) === id : ids.get(n) === id));
  };
  if (t.owner && !(await allowed(t.owner, st.uid, 'passwd'))) problems.push(`owner uid ${st.uid} is not ${t.owner.join('|')}`);
  if (t.group && !(await allowed(t.group, st.gid, 'group'))) problems.push(`group gid ${st.gid} is not ${t.group.join('|')}`);
  const actual = `mode ${mode.toString(8).padStart(4, '0')} uid ${st.uid} gid ${st.gid}`;
  return problems.length === 0
    ? { compliance: true, reason: actual, location: t.path, value }
    : { compliance: false, reason: problems.join('; '), location: t.path, value };
}

async function sysctlCheck(t: SysctlTest, root: string): Promise<CheckVerdict> {
  const path = `/proc/sys/${t.key.split('.').join('/')}`;
  const value = [t.equals !== undefined ? `= ${t.equals}` : '', t.min !== undefined ? `>= ${t.min}` : '', t.max !== undefined ? `<= ${t.max}` : ''].filter(Boolean).join(' and ');
  let actual: string;
  try {
    actual = (await readFile(underRoot(root, path), 'utf8')).trim().split(/\s+/).join(' ');
  } catch {
    return { compliance: false, reason: `${t.key} is not available (${path})`, location: path, value: `${t.key} ${value}` };
  }
  const full = `${t.key} ${value}`;
  if (t.equals !== undefined && actual !== t.equals) return { compliance: false, reason: `${t.key} = ${actual}`, location: path, value: full };
  const bad = t.min !== undefined || t.max !== undefined ? numericBounds(actual, t.min, t.max) : null;
  if (bad) return { compliance: false, reason: `${t.key}: ${bad}`, location: path, value: full };
  return { compliance: true, reason: `${t.key} = ${actual}`, location: path, value: full };
}

async function worldWritableCheck(t: WorldWritableTest, root: string, signal: AbortSignal): Promise<CheckVerdict> {
  const dirs = t.dirs ?? DEFAULT_PATH_DIRS;
  const offenders: string[] = [];
  const inspected: string[] = [];
  for (const dir of dirs) {
    if (signal.aborted) throw new Error('aborted');
    let dst;
    try {
      dst = await lstat(underRoot(root, dir));
    } catch {
      continue;
    }
    // /bin -> usr/bin on merged-/usr hosts: the link itself is not writable, its target is inspected on its own.
    if (dst.isSymbolicLink() || !dst.isDirectory()) continue;
    inspected.push(dir);
    if ((dst.mode & 0o002) !== 0) offenders.push(`${dir}/`);
    let entries: string[];
    try {
      entries = await readdir(underRoot(root, dir));
    } catch {
      continue;
    }
    for (const e of entries) {
      try {
        const st = await lstat(underRoot(root, join(dir, e)));
        if (!st.isSymbolicLink() && (st.mode & 0o002) !== 0) offenders.push(join(dir, e));
      } catch {
        // vanished while listing
      }
    }
  }
  const value = 'no world-writable directory or file';
  const location = inspected.join(',') || dirs.join(',');
  if (offenders.length > 0) {
    const shown = offenders.slice(0, 10).join(', ');
    return { compliance: false, reason: `world-writable: ${shown}${offenders.length > 10 ? ` and ${offenders.length - 10} more` : ''}`, location, value };
  }
  return { compliance: true, reason: `${inspected.length} directories clean`, location, value };
}

/** Runs one check test against the host under `root`. Throws only on bugs; the caller turns throws into failures. */
export function runCheck(test: ComplianceTest, root: string, signal: AbortSignal): Promise<CheckVerdict> {
  switch (test.type) {
    case 'regex': return regexCheck(test, root);
    case 'keyvalue': return keyValueCheck(test, root);
    case 'filemode': return fileModeCheck(test, root);
    case 'sysctl': return sysctlCheck(test, root);
    case 'worldwritable': return worldWritableCheck(test, root, signal);
  }
}

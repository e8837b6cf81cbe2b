import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The host path `path` under `root`. */
export function underRoot(root: string, path: string): string {
  return root === '/' ? path : join(root, path);
}

/** Expands a host path whose last component may contain `*`, in sorted order; returns host paths. */
export async function expandPath(root: string, path: string): Promise<string[]> {
  const name = basename(path);
  if (!name.includes('*')) return [path];
  const dir = dirname(path);
  const pattern = new RegExp(`^${name.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  try {
    const entries = await readdir(underRoot(root, dir));
    return entries.filter((e) => pattern.test(e)).sort().map((e) => join(dir, e));
  } catch {
    return [];
  }
}

/** Reads host files in order; missing or unreadable ones are left out (and listed). */
export async function readHostFiles(root: string, paths: readonly string[]): Promise<{ files: Array<{ path: string; text: string }>; missing: string[] }> {
  const files: Array<{ path: string; text: string }> = [];
  const missing: string[] = [];
  for (const pattern of paths) {
    const expanded = await expandPath(root, pattern);
    if (expanded.length === 0) missing.push(pattern);
    for (const path of expanded) {
      try {
        files.push({ path, text: await readFile(underRoot(root, path), 'utf8') });
      } catch {
        missing.push(path);
      }
    }
  }
  return { files, missing };
}

/** Lines that are not blank and not `#` comments, trimmed. */
export function configLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Resolves user or group names from `<root>/etc/passwd` or `<root>/etc/group` (name → id). */
export async function idsByName(root: string, file: 'passwd' | 'group'): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    for (const line of (await readFile(underRoot(root, `/etc/${file}`), 'utf8')).split('\n')) {
      const fields = line.split(':');
      const id = Number(fields[2]);
      if (fields[0] && Number.isInteger(id)) out.set(fields[0], id);
    }
  } catch {
    // no database: only numeric ids can be matched
  }
  return out;
}

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files (and symlinks to files) under `dir` whose base name matches `name`, down to `maxDepth` levels, as scribe's
 * locator walks: unreadable directories are skipped and symlinked directories are not followed.
 */
export async function locateFiles(dir: string, name: RegExp, signal: AbortSignal, maxDepth = 10): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string, depth: number): Promise<void> => {
    if (depth > maxDepth || signal.aborted) return;
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(path, e.name);
      if (e.isDirectory()) await walk(full, depth + 1);
      else if (e.isFile()) {
        if (name.test(e.name)) out.push(full);
      } else if (e.isSymbolicLink() && name.test(e.name)) {
        try {
          if ((await stat(full)).isFile()) out.push(full);
        } catch {
          // dangling link: ignored, as scribe does
        }
      }
    }
  };
  await walk(dir, 1);
  return out;
}

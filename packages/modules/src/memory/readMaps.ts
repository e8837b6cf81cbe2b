import { readFileSync } from 'node:fs';

/** A readable region of a process's address space. */
export interface MemoryRegion {
  readonly start: number;
  readonly end: number;
  /** Path or pseudo-name (`[heap]`), empty for anonymous memory. */
  readonly path: string;
}

/** Regions the kernel refuses to read through /proc/<pid>/mem. */
const UNREADABLE = new Set(['[vvar]', '[vvar_vclock]', '[vsyscall]']);

/** Readable regions from /proc/<pid>/maps, in address order. */
export function readMaps(pid: number): MemoryRegion[] {
  const regions: MemoryRegion[] = [];
  for (const line of readFileSync(`/proc/${pid}/maps`, 'latin1').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m === null) continue;
    const [, from, to, perms, path = ''] = m;
    if (perms?.[0] !== 'r' || UNREADABLE.has(path)) continue;
    regions.push({ start: Number.parseInt(from ?? '0', 16), end: Number.parseInt(to ?? '0', 16), path });
  }
  return regions;
}

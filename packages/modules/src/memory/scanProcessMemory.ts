import { closeSync, openSync, readSync } from 'node:fs';
import type { RunBudget } from '../internal/RunBudget';
import type { MemoryHit, MemoryStatistics } from './MemoryParams';
import type { MemoryRegion } from './readMaps';

/** A pattern to look for: a global regex over latin1 text, or a byte string. */
export type MemoryPattern =
  | { readonly source: string; readonly regex: RegExp; readonly needle?: undefined }
  | { readonly source: string; readonly needle: Buffer; readonly regex?: undefined };

/** Limits of one scan. */
export interface ScanLimits {
  readonly offset: number;
  readonly maxlength: number;
  readonly maxregionsize: number;
  /** Hits to record for this process. */
  readonly matchlimit: number;
}

/** Bytes read per positioned read. */
export const CHUNK_BYTES = 1024 * 1024;
/** Bytes carried from one chunk to the next so that matches across chunk borders are found. */
export const REGEX_OVERLAP_BYTES = 4096;

/** What scanning one process found. */
export interface ProcessScan {
  /** Per pattern: found at least once. */
  readonly found: boolean[];
  readonly hits: MemoryHit[];
}

/**
 * Scans a process's readable regions through /proc/<pid>/mem with positioned reads of {@link CHUNK_BYTES},
 * overlapping consecutive chunks (by {@link REGEX_OVERLAP_BYTES}, or a byte pattern's length) so that
 * matches across borders are found once. Regex matches longer than the overlap that straddle a border
 * can be missed. Read errors are counted per region and returned in `errors`, never thrown.
 */
export async function scanProcessMemory(
  pid: number,
  regions: readonly MemoryRegion[],
  patterns: readonly MemoryPattern[],
  limits: ScanLimits,
  budget: RunBudget,
  stats: MemoryStatistics,
  errors: string[],
): Promise<ProcessScan> {
  const found = patterns.map(() => false);
  const hits: MemoryHit[] = [];
  const overlap = Math.max(REGEX_OVERLAP_BYTES, ...patterns.map((p) => (p.needle?.length ?? 0) - 1));
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES + overlap);
  const hasRegex = patterns.some((p) => p.regex !== undefined);
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/mem`, 'r');
  } catch (error) {
    errors.push(`pid ${pid}: cannot open memory: ${(error as Error).message}`);
    return { found, hits };
  }
  const done = (): boolean => hits.length >= limits.matchlimit && found.every(Boolean);
  try {
    let skip = limits.offset;
    let left = limits.maxlength;
    for (const region of regions) {
      if (left <= 0 || done()) break;
      const size = region.end - region.start;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      if (size > limits.maxregionsize) {
        stats.regionsSkipped++;
        continue;
      }
      const from = region.start + skip;
      skip = 0;
      const to = Math.min(region.end, from + left);
      left -= to - from;
      stats.regions++;
      let pos = from;
      let keep = 0;
      while (pos < to) {
        if (budget.expired()) return { found, hits };
        let read: number;
        try {
          read = readSync(fd, buffer, keep, Math.min(CHUNK_BYTES, to - pos), pos);
        } catch (error) {
          stats.regionsFailed++;
          errors.push(`pid ${pid} region ${region.start.toString(16)}-${region.end.toString(16)} ${region.path}: ${(error as Error).message}`);
          break;
        }
        if (read === 0) break;
        stats.bytes += read;
        const length = keep + read;
        const base = pos - keep;
        const text = hasRegex ? buffer.toString('latin1', 0, length) : '';
        const record = (i: number, at: number, end: number): void => {
          if (end <= keep) return; // seen in the previous chunk
          found[i] = true;
          if (hits.length < limits.matchlimit) {
            hits.push({ pattern: (patterns[i] as MemoryPattern).source, address: `0x${(base + at).toString(16)}`, region: region.path });
          }
        };
        patterns.forEach((p, i) => {
          if (found[i] && hits.length >= limits.matchlimit) return;
          if (p.needle !== undefined) {
            const window = buffer.subarray(0, length);
            let at = window.indexOf(p.needle, 0);
            while (at !== -1) {
              record(i, at, at + p.needle.length);
              if (hits.length >= limits.matchlimit) break;
              at = window.indexOf(p.needle, at + 1);
            }
          } else {
            p.regex.lastIndex = 0;
            for (let m = p.regex.exec(text); m !== null; m = p.regex.exec(text)) {
              if (m[0].length === 0) p.regex.lastIndex++;
              record(i, m.index, m.index + m[0].length);
              if (hits.length >= limits.matchlimit) break;
            }
          }
        });
        pos += read;
        const carry = Math.min(overlap, length);
        buffer.copy(buffer, 0, length - carry, length);
        keep = carry;
        if (budget.due()) await budget.pace();
      }
    }
  } finally {
    closeSync(fd);
  }
  return { found, hits };
}

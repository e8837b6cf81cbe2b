import { readdirSync, readFileSync } from 'node:fs';

/** A process as seen in /proc. */
export interface ProcessInfo {
  readonly pid: number;
  readonly name: string;
  readonly cmdline: string;
}

/** Lists processes from /proc; processes that exit while being read are left out. */
export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0+$/, '').replaceAll('\0', ' ');
      out.push({ pid: Number(entry), name, cmdline });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return out;
}

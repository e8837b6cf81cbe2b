import { readdirSync, readlinkSync } from 'node:fs';

/**
 * Maps socket inodes to the pid holding them, by reading the /proc/<pid>/fd links (`socket:[inode]`).
 * Only the wanted inodes are looked up; processes whose fds cannot be read are skipped silently.
 * Stops when `expired()` says the run is out of time.
 */
export function socketOwners(wanted: ReadonlySet<number>, expired: () => boolean): Map<number, number> {
  const owners = new Map<number, number>();
  if (wanted.size === 0) return owners;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return owners;
  }
  for (const pid of pids) {
    if (owners.size === wanted.size || expired()) break;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!link.startsWith('socket:[')) continue;
      const inode = Number(link.slice(8, -1));
      if (wanted.has(inode) && !owners.has(inode)) owners.set(inode, Number(pid));
    }
  }
  return owners;
}

import { constants } from 'node:fs';

const RWX = 'rwxrwxrwx';
// Not in Node's typed `fs.constants`; fixed by POSIX.
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

/**
 * The mode string MIG's regexes are written against (Go's `FileMode.String()`): a type/flag prefix
 * (`d` directory, `L` symlink, `u` setuid, `g` setgid, `t` sticky, `-` when none) and `rwxrwxrwx`.
 */
export function modeString(mode: number): string {
  let prefix = '';
  const type = mode & constants.S_IFMT;
  if (type === constants.S_IFDIR) prefix += 'd';
  else if (type === constants.S_IFLNK) prefix += 'L';
  else if (type === constants.S_IFIFO) prefix += 'p';
  else if (type === constants.S_IFSOCK) prefix += 'S';
  else if (type === constants.S_IFBLK) prefix += 'D';
  else if (type === constants.S_IFCHR) prefix += 'Dc';
  if (mode & S_ISUID) prefix += 'u';
  if (mode & S_ISGID) prefix += 'g';
  if (mode & S_ISVTX) prefix += 't';
  if (prefix === '') prefix = '-';
  let perms = '';
  for (let i = 0; i < 9; i++) perms += mode & (1 << (8 - i)) ? RWX[i] : '-';
  return prefix + perms;
}

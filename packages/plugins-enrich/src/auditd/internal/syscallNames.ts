/** x86_64 (`arch=c000003e`) syscall numbers worth naming in a security pipeline. */
export const X86_64_SYSCALLS: ReadonlyMap<string, string> = new Map([
  ['0', 'read'], ['1', 'write'], ['2', 'open'], ['3', 'close'], ['4', 'stat'], ['9', 'mmap'], ['10', 'mprotect'],
  ['16', 'ioctl'], ['21', 'access'], ['32', 'dup'], ['41', 'socket'], ['42', 'connect'], ['43', 'accept'],
  ['44', 'sendto'], ['49', 'bind'], ['50', 'listen'], ['56', 'clone'], ['57', 'fork'], ['58', 'vfork'],
  ['59', 'execve'], ['60', 'exit'], ['62', 'kill'], ['76', 'truncate'], ['77', 'ftruncate'], ['82', 'rename'],
  ['83', 'mkdir'], ['84', 'rmdir'], ['86', 'link'], ['87', 'unlink'], ['88', 'symlink'], ['90', 'chmod'],
  ['91', 'fchmod'], ['92', 'chown'], ['93', 'fchown'], ['94', 'lchown'], ['101', 'ptrace'], ['105', 'setuid'],
  ['106', 'setgid'], ['113', 'setreuid'], ['117', 'setresuid'], ['157', 'prctl'], ['161', 'chroot'],
  ['165', 'mount'], ['166', 'umount2'], ['169', 'reboot'], ['175', 'init_module'], ['176', 'delete_module'],
  ['188', 'setxattr'], ['257', 'openat'], ['263', 'unlinkat'], ['264', 'renameat'], ['268', 'fchmodat'],
  ['260', 'fchownat'], ['288', 'accept4'], ['313', 'finit_module'], ['316', 'renameat2'], ['322', 'execveat'],
]);

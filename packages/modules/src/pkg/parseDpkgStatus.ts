import type { InstalledPackage } from './InstalledPackage';

/**
 * Parses the text of a dpkg status database (`/var/lib/dpkg/status`, deb822 paragraphs) and returns the
 * packages whose `Status` is `install ok installed`, in file order. Continuation lines are skipped.
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  let name = '';
  let version = '';
  let arch = '';
  let status = '';
  const flush = (): void => {
    if (name !== '' && version !== '' && status === 'install ok installed') {
      out.push({ name, version, arch, system: 'dpkg' });
    }
    name = version = arch = status = '';
  };
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    pos = end + 1;
    if (line.trim() === '') {
      flush();
      if (end === n) break;
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon).toLowerCase();
    if (field === 'package') name = line.slice(colon + 1).trim();
    else if (field === 'version') version = line.slice(colon + 1).trim();
    else if (field === 'architecture') arch = line.slice(colon + 1).trim();
    else if (field === 'status') status = line.slice(colon + 1).trim().split(/\s+/).join(' ');
    if (end === n) {
      flush();
      break;
    }
  }
  return out;
}

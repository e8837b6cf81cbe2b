import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link proxyExecutableDownload}. */
export interface ProxyExecutableDownloadOptions {
  /** URL path extensions that are executables. @default exe, dll, msi, scr, bat, cmd, ps1, vbs, jar, hta, com, pif, elf, sh */
  extensions?: readonly string[];
  /** Content types that are executables. @default application/x-msdownload, application/x-dosexec, application/x-msdos-program, application/x-executable, application/x-elf, application/java-archive, application/hta */
  contentTypes?: readonly string[];
}

const EXTENSIONS = ['exe', 'dll', 'msi', 'scr', 'bat', 'cmd', 'ps1', 'vbs', 'jar', 'hta', 'com', 'pif', 'elf', 'sh'];
const CONTENT_TYPES = ['application/x-msdownload', 'application/x-dosexec', 'application/x-msdos-program', 'application/x-executable', 'application/x-elf', 'application/java-archive', 'application/hta'];

/** A proxied download of an executable (by URL extension or content type), successful (2xx). */
export function proxyExecutableDownload(options: ProxyExecutableDownloadOptions = {}): RulePlugin {
  const ext = new RegExp(`\\.(?:${(options.extensions ?? EXTENSIONS).map((e) => e.replace(/[^A-Za-z0-9]/g, '')).join('|')})$`, 'i');
  const types = new Set((options.contentTypes ?? CONTENT_TYPES).map((t) => t.toLowerCase()));
  return defineRule({
    id: 'proxy-executable-download',
    name: 'Executable downloaded through the proxy',
    severity: 'NOTICE',
    category: 'proxy',
    tags: ['proxy', 'download', 'T1105'],
    summary: '{{event.details.sourceipaddress}} downloaded {{event.details.url}} ({{event.details.contenttype}})',
    throttle: '10m',
    detect: {
      type: 'match',
      where: (e) => {
        if (e.category !== 'proxy') return false;
        const status = e.details['status'];
        if (typeof status === 'number' && (status < 200 || status > 299)) return false;
        const url = e.details['url'];
        const type = e.details['contenttype'];
        let path = '';
        if (typeof url === 'string') {
          const q = url.search(/[?#]/);
          path = q >= 0 ? url.slice(0, q) : url;
        }
        return ext.test(path) || (typeof type === 'string' && types.has(type.split(';')[0]!.trim().toLowerCase()));
      },
      groupBy: ['details.sourceipaddress', 'details.url'],
    },
  });
}

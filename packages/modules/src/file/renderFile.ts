import type { ModuleResult, ShowMode } from '@vigil/agent-sdk';
import type { FileElements, FileStatistics } from './FileMatch';

/** Renders file-module results, one line per matching file (or per search that found nothing). */
export function renderFile(result: ModuleResult<FileElements, FileStatistics>, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const [label, matches] of Object.entries(result.elements)) {
    if (matches.length === 0) {
      if (show !== 'found') lines.push(`${label}: nothing found`);
      continue;
    }
    if (show === 'notfound') continue;
    for (const m of matches) {
      const sha = m.sha256 === undefined ? '' : ` sha256=${m.sha256}`;
      lines.push(`${m.file} [${label}] size=${m.size} mode=${m.mode} mtime=${m.mtime}${sha}`);
    }
  }
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

import type { ShowMode } from '../module/ModuleDefinition';
import type { ModuleRegistry } from '../module/ModuleRegistry';
import { renderResult } from '../module/renderResult';
import type { InvestigationProgress, InvestigationReport } from './Investigator';

/** One progress line: `12/40 done, 3 found, 1 failed, 0 timed out`. */
export function formatProgress(progress: InvestigationProgress): string {
  return `${progress.done}/${progress.total} done, ${progress.found} found, ${progress.failed} failed, ${progress.timedOut} timed out`;
}

/**
 * Renders an investigation for people: one block per agent (`hostname (id) status`, then each module's lines
 * through its renderer), agents that did not answer, and a summary line. `show` filters like MIG's `-show`.
 */
export function renderInvestigation(report: InvestigationReport, options: { registry?: ModuleRegistry; show?: ShowMode } = {}): string {
  const show = options.show ?? 'found';
  const lines: string[] = [`action ${report.action.name} (${String(report.action.id)}) on ${report.progress.total} agent(s)`];
  const ordered = [...report.results].sort((a, b) => a.hostname.localeCompare(b.hostname) || a.agentid.localeCompare(b.agentid));
  for (const result of ordered) {
    if (result.status === 'refused' || result.status === 'expired') {
      lines.push(`${result.hostname} (${result.agentid}) ${result.status}: ${result.code ?? ''} ${result.reason ?? ''}`.trimEnd());
      continue;
    }
    const body: string[] = [];
    for (const op of result.results) {
      for (const line of renderResult(options.registry?.get(op.module)?.definition, op.result, show)) body.push(`  ${op.module}: ${line}`);
    }
    const wanted = show === 'all' || (show === 'found' ? result.foundanything : !result.foundanything) || result.status === 'failed';
    if (!wanted) continue;
    lines.push(`${result.hostname} (${result.agentid}) ${result.status}${result.foundanything ? ', found' : ''}`);
    lines.push(...body);
  }
  for (const id of report.missing) lines.push(`${id} did not answer in time`);
  lines.push(formatProgress(report.progress));
  return lines.join('\n');
}

import { defineModule } from '@vigil/agent-sdk';
import type { ModuleResult, ShowMode } from '@vigil/agent-sdk';
import { listFlag, numberFlag, stringFlag } from '../internal/flagValues';
import { parseDuration } from '../internal/parseDuration';
import { parseHostPort } from '../internal/parseHostPort';
import { sntpQuery } from './sntpQuery';
import { timedriftParamsSchema } from './TimedriftParams';
import type { TimedriftElements, TimedriftParams, TimedriftStatistics } from './TimedriftParams';

type Result = ModuleResult<TimedriftElements, TimedriftStatistics>;

function renderTimedrift(result: Result, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const d of result.elements.drifts) {
    if ((show === 'found' && !d.drifted) || (show === 'notfound' && d.drifted)) continue;
    const verdict = d.drifted ? 'DRIFTED' : 'ok';
    lines.push(`${d.server} (${d.address}) offset=${d.offsetMs.toFixed(1)}ms delay=${d.delayMs.toFixed(1)}ms stratum=${d.stratum} ${verdict}`);
  }
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

/**
 * The timedrift module: measures the local clock's offset against NTP servers with an SNTP query
 * (RFC 4330) and reports whether it exceeds the tolerated drift.
 */
export const timedriftModule = defineModule<TimedriftParams, TimedriftElements, TimedriftStatistics>({
  name: 'timedrift',
  description: 'Measure clock drift against NTP servers (SNTP) and flag drift above a tolerance.',
  params: timedriftParamsSchema,
  flags: [
    { name: 'drift', kind: 'string', description: 'tolerated drift, e.g. -drift 5s (default 10s)' },
    { name: 'server', kind: 'list', description: 'NTP server host[:port] (default pool.ntp.org)' },
    { name: 'timeout', kind: 'number', description: 'milliseconds to wait for each server (default 3000)' },
  ],
  paramsFromFlags(flags) {
    const params: TimedriftParams = {};
    const drift = stringFlag(flags, 'drift');
    if (drift !== undefined) params.drift = drift;
    const servers = listFlag(flags, 'server');
    if (servers.length > 0) params.servers = servers;
    const timeout = numberFlag(flags, 'timeout');
    if (timeout !== undefined) params.timeoutMs = timeout;
    return params;
  },
  async run(params, context) {
    const started = performance.now();
    const localtime = new Date().toISOString();
    const toleranceMs = parseDuration(params.drift ?? '10s');
    const servers = params.servers ?? ['pool.ntp.org'];
    const elements: TimedriftElements = { hasdrifted: false, localtime, toleranceMs: toleranceMs ?? 0, drifts: [] };
    const statistics: TimedriftStatistics = { queried: 0, answered: 0, exectimeMs: 0 };
    if (toleranceMs === undefined) {
      return { foundanything: false, success: false, elements, statistics, errors: [`drift "${params.drift}" must look like 5s, 500ms or 2m`] };
    }
    const errors: string[] = servers.length === 0 ? ['no NTP server given'] : [];
    const timeoutMs = Math.max(1, Math.min(params.timeoutMs ?? 3000, context.deadline - Date.now()));
    const answers = await Promise.all(
      servers.map(async (server) => {
        const target = parseHostPort(server, 123);
        if (target === undefined) return { server, result: { ok: false as const, reason: `"${server}" is not host[:port]` } };
        statistics.queried++;
        return { server, result: await sntpQuery(target.host, target.port, timeoutMs, context.signal) };
      }),
    );
    for (const { server, result } of answers) {
      if (!result.ok) {
        errors.push(result.reason);
        continue;
      }
      statistics.answered++;
      const drifted = Math.abs(result.sample.offsetMs) > toleranceMs;
      elements.drifts.push({ server, ...result.sample, drifted });
      if (drifted) elements.hasdrifted = true;
    }
    statistics.exectimeMs = Math.round(performance.now() - started);
    return { foundanything: elements.hasdrifted, success: statistics.answered > 0, elements, statistics, errors };
  },
  render: renderTimedrift,
});

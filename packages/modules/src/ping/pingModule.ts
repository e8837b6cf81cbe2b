import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AgentError, defineModule } from '@vigil/agent-sdk';
import type { ModuleResult, ShowMode } from '@vigil/agent-sdk';
import { numberFlag, stringFlag } from '../internal/flagValues';
import { pingParamsSchema } from './PingParams';
import type { PingElements, PingParams, PingProbe, PingStatistics } from './PingParams';
import { probeTcp, probeUdp } from './probePort';

type Result = ModuleResult<PingElements, PingStatistics>;

function renderPing(result: Result, show: ShowMode): string[] {
  const e = result.elements;
  const lines: string[] = [];
  if ((show === 'found' && e.reachable) || (show === 'notfound' && !e.reachable) || show === 'all') {
    e.probes.forEach((p, i) => {
      const latency = p.latencyMs === undefined ? '' : ` ${p.latencyMs}ms`;
      lines.push(`${e.destination} (${e.address}) ${e.protocol}/${e.port} probe ${i + 1}: ${p.status}${latency}${p.reason === undefined ? '' : ` ${p.reason}`}`);
    });
  }
  for (const err of result.errors) lines.push(`error: ${err}`);
  return lines;
}

function isReachable(p: PingProbe): boolean {
  return p.status === 'open' || p.status === 'open|filtered';
}

/**
 * The ping module: reachability of host:port over TCP (connect) or UDP (probe datagram), as MIG's ping.
 * ICMP echo is not offered: it needs raw sockets, and no maintained npm package provides them cleanly.
 */
export const pingModule = defineModule<PingParams, PingElements, PingStatistics>({
  name: 'ping',
  description: 'Check whether a host:port answers over TCP or UDP.',
  params: pingParamsSchema,
  flags: [
    { name: 'd', kind: 'string', description: 'destination host or IP' },
    { name: 'dp', kind: 'number', description: 'destination port' },
    { name: 'p', kind: 'string', description: 'protocol: tcp or udp' },
    { name: 'c', kind: 'number', description: 'probes to send (default 3)' },
    { name: 't', kind: 'number', description: 'milliseconds to wait for each probe (default 5000)' },
  ],
  paramsFromFlags(flags) {
    const destination = stringFlag(flags, 'd');
    const port = numberFlag(flags, 'dp');
    const protocol = stringFlag(flags, 'p') ?? 'tcp';
    if (destination === undefined || port === undefined) {
      throw new AgentError('FLAGS_INVALID', 'ping: give -d <destination> and -dp <port>, e.g. -d 10.0.0.1 -dp 22 -p tcp');
    }
    if (protocol !== 'tcp' && protocol !== 'udp') {
      throw new AgentError('FLAGS_INVALID', `ping: -p must be tcp or udp (ICMP echo is not supported), got "${protocol}"`);
    }
    const params: PingParams = { destination, destinationport: port, protocol };
    const count = numberFlag(flags, 'c');
    if (count !== undefined) params.count = count;
    const timeout = numberFlag(flags, 't');
    if (timeout !== undefined) params.timeoutMs = timeout;
    return params;
  },
  async run(params, context) {
    const started = performance.now();
    const elements: PingElements = {
      destination: params.destination,
      address: params.destination,
      protocol: params.protocol,
      port: params.destinationport,
      reachable: false,
      probes: [],
    };
    const statistics: PingStatistics = { sent: 0, reachable: 0, exectimeMs: 0 };
    const done = (errors: string[], success: boolean): Result => {
      statistics.exectimeMs = Math.round(performance.now() - started);
      return { foundanything: elements.reachable, success, elements, statistics, errors };
    };
    if (params.protocol !== 'tcp' && params.protocol !== 'udp') {
      return done([`protocol "${String(params.protocol)}" is not supported: use tcp or udp`], false);
    }
    let family = isIP(params.destination);
    if (family === 0) {
      try {
        const found = await lookup(params.destination);
        elements.address = found.address;
        family = found.family;
      } catch (error) {
        return done([`${params.destination}: cannot resolve: ${(error as Error).message}`], false);
      }
    }
    const count = params.count ?? 3;
    const timeoutMs = params.timeoutMs ?? 5000;
    for (let i = 0; i < count; i++) {
      if (context.signal.aborted || Date.now() >= context.deadline) {
        return done([context.signal.aborted ? 'aborted: the run was cancelled' : 'stopped: the deadline passed'], false);
      }
      const wait = Math.max(1, Math.min(timeoutMs, context.deadline - Date.now()));
      const probe =
        params.protocol === 'tcp'
          ? await probeTcp(elements.address, elements.port, wait, context.signal)
          : await probeUdp(elements.address, family === 6 ? 6 : 4, elements.port, wait, context.signal);
      statistics.sent++;
      elements.probes.push(probe);
      if (isReachable(probe)) statistics.reachable++;
    }
    elements.reachable = statistics.reachable > 0;
    const errors = elements.probes.filter((p) => p.status === 'error').map((p) => `probe: ${p.reason ?? 'error'}`);
    return done(errors, true);
  },
  render: renderPing,
});

import { createSocket } from 'node:dgram';
import { Socket } from 'node:net';
import type { PingProbe } from './PingParams';

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}

/** Opens a TCP connection and closes it at once: `open` when it connects, `closed` when refused. */
export function probeTcp(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<PingProbe> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const start = performance.now();
    const finish = (probe: PingProbe): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(probe);
    };
    const onAbort = (): void => finish({ status: 'error', reason: 'aborted' });
    const timer = setTimeout(() => finish({ status: 'timeout' }), timeoutMs);
    signal.addEventListener('abort', onAbort);
    socket.once('connect', () => finish({ status: 'open', latencyMs: elapsed(start) }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish({ status: 'closed', latencyMs: elapsed(start) });
      else finish({ status: 'error', reason: error.message });
    });
    if (signal.aborted) onAbort();
    else socket.connect({ host: address, port });
  });
}

/**
 * Sends one datagram on a connected UDP socket: a reply means `open`; an ICMP port-unreachable (seen as
 * ECONNREFUSED) means `closed`; silence until the timeout means `open|filtered`, as MIG reports it.
 */
export function probeUdp(address: string, family: 4 | 6, port: number, timeoutMs: number, signal: AbortSignal): Promise<PingProbe> {
  return new Promise((resolve) => {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    const start = performance.now();
    let done = false;
    const finish = (probe: PingProbe): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.close();
      resolve(probe);
    };
    const onAbort = (): void => finish({ status: 'error', reason: 'aborted' });
    const timer = setTimeout(() => finish({ status: 'open|filtered' }), timeoutMs);
    signal.addEventListener('abort', onAbort);
    socket.on('message', () => finish({ status: 'open', latencyMs: elapsed(start) }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish({ status: 'closed', latencyMs: elapsed(start) });
      else finish({ status: 'error', reason: error.message });
    });
    if (signal.aborted) {
      onAbort();
      return;
    }
    socket.connect(port, address, () => socket.send(Buffer.from('vigil-ping\n')));
  });
}

import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../internal/testContext';
import { pingModule } from './pingModule';

let tcp: Server;
let udp: UdpSocket;
let tcpPort: number;
let udpPort: number;
let closedTcpPort: number;
let closedUdpPort: number;

/** A port that was just free: bound, noted and released. */
async function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'tcp') {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  tcp = createServer((c) => c.end());
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  tcpPort = (tcp.address() as AddressInfo).port;
  udp = createSocket('udp4');
  udp.on('message', (m, peer) => udp.send(m, peer.port, peer.address));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  udpPort = udp.address().port;
  closedTcpPort = await freePort('tcp');
  closedUdpPort = await freePort('udp');
});

afterAll(async () => {
  await new Promise<void>((r) => tcp.close(() => r()));
  await new Promise<void>((r) => udp.close(r));
});

describe('pingModule', () => {
  it('finds an open TCP port', async () => {
    const r = await pingModule.run({ destination: '127.0.0.1', destinationport: tcpPort, protocol: 'tcp', count: 2, timeoutMs: 2000 }, testContext());
    expect(r.success).toBe(true);
    expect(r.foundanything).toBe(true);
    expect(r.elements.probes.map((p) => p.status)).toEqual(['open', 'open']);
    expect(r.statistics).toMatchObject({ sent: 2, reachable: 2 });
  });

  it('reports a refused TCP port as closed', async () => {
    const r = await pingModule.run({ destination: 'localhost', destinationport: closedTcpPort, protocol: 'tcp', count: 1, timeoutMs: 2000 }, testContext());
    expect(r.foundanything).toBe(false);
    expect(r.elements.probes[0]?.status).toBe('closed');
  });

  it('finds a UDP service that answers', async () => {
    const r = await pingModule.run({ destination: '127.0.0.1', destinationport: udpPort, protocol: 'udp', count: 1, timeoutMs: 2000 }, testContext());
    expect(r.foundanything).toBe(true);
    expect(r.elements.probes[0]?.status).toBe('open');
  });

  it('reports a UDP port-unreachable as closed', async () => {
    const r = await pingModule.run({ destination: '127.0.0.1', destinationport: closedUdpPort, protocol: 'udp', count: 1, timeoutMs: 2000 }, testContext());
    expect(r.foundanything).toBe(false);
    expect(r.elements.probes[0]?.status).toBe('closed');
    expect(pingModule.render?.(r, 'notfound')[0]).toMatch(/udp\/\d+ probe 1: closed/);
  });

  it('reads MIG-style flags and rejects ICMP', () => {
    expect(pingModule.paramsFromFlags?.({ d: '10.0.0.1', dp: 22, p: 'tcp', c: 1 })).toEqual({ destination: '10.0.0.1', destinationport: 22, protocol: 'tcp', count: 1 });
    expect(() => pingModule.paramsFromFlags?.({ d: '10.0.0.1', dp: 1, p: 'icmp' })).toThrow(/ICMP echo is not supported/);
  });
});

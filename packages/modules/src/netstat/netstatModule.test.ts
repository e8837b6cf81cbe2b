import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../internal/testContext';
import type { SocketEntry } from './NetstatParams';
import { netstatModule } from './netstatModule';

const servers: Server[] = [];
const clients: Socket[] = [];
let port4: number;
let port6: number;
let portDual: number;

async function listen(host: string): Promise<number> {
  const server = createServer((c) => clients.push(c));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return (server.address() as AddressInfo).port;
}

async function connect(host: string, port: number): Promise<void> {
  const c = createConnection({ host, port });
  clients.push(c);
  await new Promise<void>((r, j) => c.once('connect', r).once('error', j));
}

function sockets(r: Awaited<ReturnType<typeof netstatModule.run>>, i: number): SocketEntry[] {
  return (r.elements[i]?.entries ?? []) as SocketEntry[];
}

beforeAll(async () => {
  port4 = await listen('127.0.0.1');
  port6 = await listen('::1');
  portDual = await listen('::');
  await connect('127.0.0.1', port4);
  await connect('::1', port6);
  await connect('127.0.0.1', portDual);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

describe('netstatModule on real sockets', () => {
  it('finds listening TCP ports on 127.0.0.1 and ::1 with the owning pid', async () => {
    const r = await netstatModule.run({ lp: [String(port4), String(port6)] }, testContext());
    expect(r.success).toBe(true);
    expect(r.foundanything).toBe(true);
    expect(sockets(r, 0)).toEqual([
      expect.objectContaining({ protocol: 'tcp', localAddress: '127.0.0.1', localPort: port4, state: 'LISTEN', pid: process.pid }),
    ]);
    expect(sockets(r, 1)).toEqual([
      expect.objectContaining({ protocol: 'tcp6', localAddress: '::1', localPort: port6, state: 'LISTEN', pid: process.pid }),
    ]);
  });

  it('finds connections by remote IP, v4, v6 and v4-mapped v6', async () => {
    const r = await netstatModule.run({ ci: ['127.0.0.1', '::1', '127.0.0.0/8'] }, testContext());
    const v4 = sockets(r, 0);
    expect(v4).toContainEqual(expect.objectContaining({ protocol: 'tcp', remoteAddress: '127.0.0.1', remotePort: port4, state: 'ESTABLISHED', pid: process.pid }));
    expect(sockets(r, 1)).toContainEqual(expect.objectContaining({ protocol: 'tcp6', remoteAddress: '::1', remotePort: port6, pid: process.pid }));
    // The dual-stack server's accepted socket sits in tcp6 with a v4-mapped peer; a v4 CIDR finds it.
    expect(sockets(r, 2)).toContainEqual(expect.objectContaining({ protocol: 'tcp6', localPort: portDual, remoteAddress: '::ffff:127.0.0.1' }));
    expect(v4).toContainEqual(expect.objectContaining({ protocol: 'tcp6', localPort: portDual, remoteAddress: '::ffff:127.0.0.1' }));
  });

  it('finds loopback addresses by CIDR and reports what is absent', async () => {
    const r = await netstatModule.run({ li: ['127.0.0.0/8', '::1', '203.0.113.0/24'], lp: ['1'] }, testContext());
    expect(r.elements.map((e) => [e.check, e.value, e.found])).toEqual([
      ['li', '127.0.0.0/8', true],
      ['li', '::1', true],
      ['li', '203.0.113.0/24', false],
      ['lp', '1', false],
    ]);
    expect(r.elements[0]?.entries).toContainEqual(expect.objectContaining({ interface: 'lo', address: '127.0.0.1/8', family: 'IPv4' }));
    const lines = netstatModule.render?.(r, 'notfound') ?? [];
    expect(lines).toEqual(['li 203.0.113.0/24: nothing found', 'lp 1: nothing found']);
  });

  it('returns malformed values as errors, and reads MIG flags', async () => {
    const r = await netstatModule.run({ ci: ['10.0.0.0/33'], lm: ['('] }, testContext());
    expect(r.success).toBe(false);
    expect(r.errors).toHaveLength(2);
    expect(netstatModule.paramsFromFlags?.({ ci: ['10.0.0.0/8'], lp: '22' })).toEqual({ ci: ['10.0.0.0/8'], lp: ['22'] });
  });
});

import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { testContext } from '../internal/testContext';
import { readNtpTime, writeNtpTime } from './sntpQuery';
import { timedriftModule } from './timedriftModule';

const sockets: Socket[] = [];

/** A minimal SNTP server whose clock runs `skewMs` ahead of ours; or one that never answers. */
async function sntpServer(skewMs: number | 'silent'): Promise<number> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (request, peer) => {
    if (skewMs === 'silent') return;
    const reply = Buffer.alloc(48);
    reply[0] = (0 << 6) | (4 << 3) | 4;
    reply[1] = 2;
    request.copy(reply, 24, 40, 48);
    writeNtpTime(reply, 32, Date.now() + skewMs);
    writeNtpTime(reply, 40, Date.now() + skewMs);
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

describe('timedriftModule', () => {
  it('measures a +10 s offset and flags it above a 5 s tolerance', async () => {
    const port = await sntpServer(10_000);
    const r = await timedriftModule.run({ drift: '5s', servers: [`127.0.0.1:${port}`], timeoutMs: 2000 }, testContext());
    expect(r.success).toBe(true);
    expect(r.foundanything).toBe(true);
    const [d] = r.elements.drifts;
    expect(d?.offsetMs).toBeGreaterThan(9_500);
    expect(d?.offsetMs).toBeLessThan(10_500);
    expect(d?.delayMs).toBeGreaterThanOrEqual(0);
    expect(d?.drifted).toBe(true);
    expect(timedriftModule.render?.(r, 'found')[0]).toMatch(/DRIFTED$/);
  });

  it('does not flag an offset within the tolerance', async () => {
    const port = await sntpServer(-3_000);
    const r = await timedriftModule.run({ drift: '5s', servers: [`127.0.0.1:${port}`] }, testContext());
    expect(r.foundanything).toBe(false);
    expect(r.elements.drifts[0]?.offsetMs).toBeLessThan(-2_500);
  });

  it('returns a timeout error value when the server never answers', async () => {
    const port = await sntpServer('silent');
    const r = await timedriftModule.run({ servers: [`127.0.0.1:${port}`], timeoutMs: 200 }, testContext());
    expect(r.success).toBe(false);
    expect(r.errors).toEqual([`127.0.0.1: no answer within 200 ms`]);
  });

  it('round-trips NTP timestamps and reads flags', () => {
    const buf = Buffer.alloc(8);
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    writeNtpTime(buf, 0, t);
    expect(Math.abs(readNtpTime(buf, 0) - t)).toBeLessThan(0.001);
    expect(timedriftModule.paramsFromFlags?.({ drift: '5s', server: ['a', 'b:1230'], timeout: 500 })).toEqual({
      drift: '5s', servers: ['a', 'b:1230'], timeoutMs: 500,
    });
  });
});

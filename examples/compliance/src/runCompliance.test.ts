import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantDemoHosts } from './plantHosts';
import { runCompliance } from './runCompliance';

/** A tiny real HTTP receiver standing for a Vigil pipeline's POST /events: records each body it gets. */
function receiver(): Promise<{ server: Server; url: string; received: unknown[][] }> {
  const received: unknown[][] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/events') {
        res.writeHead(404).end();
        return;
      }
      received.push(JSON.parse(body) as unknown[]);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, received })));
}

let sink: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => {
  sink = await receiver();
});
afterAll(() => new Promise<void>((resolve) => sink.server.close(() => resolve())));

describe('compliance example', () => {
  it('runs the baseline pack on both demo hosts, posts every item, and summarises per level and host', async () => {
    const { base, roots } = plantDemoHosts();
    try {
      const result = await runCompliance({ hosts: roots, post: sink.url });
      expect(result.summary).toEqual({
        'web1.example': { low: { passed: 6, failed: 0 }, medium: { passed: 10, failed: 0 }, high: { passed: 10, failed: 0 }, maximum: { passed: 5, failed: 0 } },
        'db1.example': { low: { passed: 6, failed: 0 }, medium: { passed: 4, failed: 6 }, high: { passed: 0, failed: 10 }, maximum: { passed: 0, failed: 5 } },
      });
      expect(result.postStatus).toBe(202);
      const events = sink.received.at(-1) as Array<{ category: string; hostname: string; details: { compliance: boolean; check: { ref: string } } }>;
      expect(events).toHaveLength(62);
      expect(events.every((e) => e.category === 'complianceitems')).toBe(true);
      const dbFailures = events.filter((e) => e.hostname === 'db1.example' && !e.details.compliance).map((e) => e.details.check.ref);
      expect(dbFailures).toContain('net-ipv4-ip-forward');
      expect(dbFailures).toContain('path-world-writable');
      expect(result.lines).toContain('medium    db1.example          4       6');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('npm start prints the per-level summary and posts to --post', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const before = sink.received.length;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(join(here, '../../../node_modules/.bin/tsx'), [join(here, 'main.ts'), '--post', sink.url, '--level', 'low', '--level', 'high'], { timeout: 60_000 }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      );
    });
    expect(stdout).toContain('low       web1.example         6       0');
    expect(stdout).toContain('high      db1.example          0      10');
    expect(stdout).not.toContain('medium ');
    expect(sink.received.length).toBe(before + 1);
    expect(sink.received.at(-1)).toHaveLength(32);
  });
});

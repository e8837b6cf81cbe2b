import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVigil, type VigilAlert, type VigilInstance } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vigilCatalog } from '../src/vigilCatalog';

// The brute-force events: MozDef's demo sshd failure (fixtures/mozdef/alertcreating-bruteforce-ssh.json, origin in
// fixtures/mozdef/README.md) reshaped as @vigil/plugins-enrich's sshd plugin outputs it (category, details.success…).
const sample = (JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/mozdef/alertcreating-bruteforce-ssh.json'), 'utf8')) as Array<Record<string, unknown>>)[0]!;
const attacker = '203.0.113.66';
const bruteForce = Array.from({ length: 12 }, (_, i) => ({
  ...sample,
  utctimestamp: new Date(Date.now() - (12 - i) * 1000).toISOString(),
  summary: `Failed password for invalid user ch${i} from ${attacker} port ${50000 + i} ssh2`,
  processname: 'sshd',
  category: 'authentication',
  source: 'syslog',
  details: { username: `ch${i}`, sourceipaddress: attacker, sourceport: 50000 + i, success: false, authmethod: 'password', invaliduser: true },
}));

let vigil: VigilInstance;
let dir: string;
let hook: Server;
const hooked: VigilAlert[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-e2e-'));
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooked.push(JSON.parse(body) as VigilAlert);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  vigil = await startVigil(
    {
      server: { port: 0 },
      store: { dataDir: dir },
      response: [
        { plugin: 'respond:webhook', options: { url: hookUrl } },
        // A response that always fails: recorded as a dead letter, never stops the pipeline.
        { plugin: 'respond:webhook', options: { url: 'http://127.0.0.1:1/nowhere', name: 'respond:broken-hook', retry: { attempts: 2, minDelayMs: 10 } } },
      ],
    },
    { catalogs: [vigilCatalog] },
  );
});

afterAll(async () => {
  await vigil.shutdown();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('vigil serve with the default pack (end to end over HTTP)', () => {
  it('runs the whole pack by default', async () => {
    const names = vigil.pipeline.describe().correlation;
    expect(names).toContain('alerts:ssh-bruteforce');
    expect(names).toContain('alerts:impossible-travel');
    expect(names.length).toBe(16);
  });

  it('an SSH brute force posted over HTTP shows up in GET /api/alerts and on /api/alerts/stream within seconds', async () => {
    let subscribed!: () => void;
    const listening = new Promise<void>((r) => (subscribed = r));
    const streamed = new Promise<VigilAlert>((resolve, reject) => {
      const req = httpRequest(`${vigil.url}/api/alerts/stream`, (res) => {
        // The server subscribes before it answers: from here on, every alert reaches this stream.
        subscribed();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const m = /event: alert\ndata: (.*)\n\n/.exec(buffer);
          if (m) {
            req.destroy();
            resolve(JSON.parse(m[1]!) as VigilAlert);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await listening;
    const posted = await fetch(`${vigil.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bruteForce) });
    expect(posted.status).toBeLessThan(300);

    const alert = await Promise.race([streamed, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('no alert streamed within 10 s')), 10_000))]);
    expect(alert).toMatchObject({ rule: { id: 'ssh-bruteforce', name: 'SSH brute force' }, category: 'bruteforce', count: 10, details: { key: attacker } });
    expect(alert.summary).toContain(attacker);

    const listed = (await (await fetch(`${vigil.url}/api/alerts?q=${encodeURIComponent('rule.id:ssh-bruteforce')}`)).json()) as { total: number; hits: VigilAlert[] };
    expect(listed.total).toBe(1);
    expect(listed.hits[0]!.id).toBe(alert.id);

    // The source events are tagged with the rule name in the store.
    const tagged = (await (await fetch(`${vigil.url}/api/search?q=${encodeURIComponent('tags:"SSH brute force"')}`)).json()) as { total: number };
    expect(tagged.total).toBe(10);

    // The webhook got it; the broken hook was dead-lettered and the pipeline kept going.
    for (let i = 0; i < 100 && hooked.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hooked.map((a) => a.id)).toEqual([alert.id]);
    const more = await fetch(`${vigil.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ summary: 'still alive', hostname: 'h' }) });
    expect(more.status).toBeLessThan(300);
  });
});

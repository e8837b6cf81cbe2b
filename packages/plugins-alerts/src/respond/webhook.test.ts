import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlert } from '../alert/createAlert';
import { makeEvent } from '../internal/makeEvent';
import { webhook } from './webhook';

const received: Array<{ path: string; body: unknown; headers: IncomingMessage['headers'] }> = [];
let failuresLeft = 0;
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/flaky' && failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end();
        return;
      }
      if (req.url === '/down') {
        res.writeHead(500).end();
        return;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(body) as unknown, headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const alert = createAlert({ rule: { id: 'ssh-bruteforce', name: 'SSH brute force' }, summary: 'SSH brute force from 203.0.113.9', severity: 'CRITICAL', events: [makeEvent()], url: 'https://runbooks/ssh' });
const ctx = { pluginName: 'respond:webhook', signal: new AbortController().signal };

describe('webhook response (real HTTP server on an ephemeral port)', () => {
  it('posts the alert document as JSON with extra headers', async () => {
    await webhook({ url: `${base}/json`, headers: { authorization: 'Bearer t' } }).respond(alert, ctx);
    const got = received.find((r) => r.path === '/json')!;
    expect(got.body).toEqual(JSON.parse(JSON.stringify(alert)));
    expect(got.headers['authorization']).toBe('Bearer t');
    expect(got.headers['content-type']).toBe('application/json');
  });

  it('posts Slack- and Mattermost-compatible messages', async () => {
    await webhook({ url: `${base}/slack`, format: 'slack' }).respond(alert, ctx);
    await webhook({ url: `${base}/mm`, format: 'mattermost' }).respond(alert, ctx);
    for (const path of ['/slack', '/mm']) {
      const body = received.find((r) => r.path === path)!.body as { text: string; attachments: Array<Record<string, unknown>> };
      expect(body.text).toBe('[CRITICAL] SSH brute force from 203.0.113.9');
      expect(body.attachments[0]).toMatchObject({ title: 'SSH brute force', title_link: 'https://runbooks/ssh', color: '#d00000' });
    }
  });

  it('retries with backoff until the server recovers', async () => {
    failuresLeft = 2;
    await webhook({ url: `${base}/flaky`, retry: { attempts: 3, minDelayMs: 10 } }).respond(alert, ctx);
    expect(failuresLeft).toBe(0);
    expect(received.some((r) => r.path === '/flaky')).toBe(true);
  });

  it('rejects after the last attempt (the pipeline records it), and refuses a bad URL at build time', async () => {
    await expect(webhook({ url: `${base}/down`, retry: { attempts: 2, minDelayMs: 5 } }).respond(alert, ctx)).rejects.toThrow(/answered 500/);
    expect(() => webhook({ url: 'ftp://x' })).toThrow(/http/);
    expect(() => webhook({ url: 'not a url' })).toThrow(/not a URL/);
  });
});

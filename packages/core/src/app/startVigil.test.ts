// Two tiers as separate deployments over the real RabbitMQ: HTTP → ingest tier → RabbitMQ → worker → SQLite.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { filter, map, scan } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PluginCatalog } from '../config/PluginCatalog';
import { resolveTopology } from '../amqp/AmqpTopology';
import { startVigil, type VigilInstance } from './startVigil';

const URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const running: VigilInstance[] = [];
const dirs: string[] = [];
let queue = '';

afterEach(async () => {
  for (const v of running.splice(0)) await v.shutdown();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  if (queue) {
    const model = await connect(URL);
    const ch = await model.createChannel();
    const t = resolveTopology({ exchange: queue, queue, routingKey: queue });
    const c = resolveTopology({ exchange: `${queue}.correlate`, queue: `${queue}.correlate`, routingKey: `${queue}.correlate` });
    for (const q of [t.queue, t.retryQueue, t.deadLetterQueue, c.queue, c.retryQueue, c.deadLetterQueue]) await ch.deleteQueue(q).catch(() => undefined);
    for (const x of [t.exchange, t.retryExchange, t.deadLetterExchange, c.exchange, c.retryExchange, c.deadLetterExchange]) await ch.deleteExchange(x).catch(() => undefined);
    await model.close();
    queue = '';
  }
});

const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vigil-tiers-'));
  dirs.push(d);
  return d;
};

describe('startVigil roles', () => {
  it('runs an ingest tier and a worker tier as separate deployments joined by RabbitMQ', async () => {
    queue = `vigil-tiers-${randomUUID().slice(0, 8)}`;
    const amqp = { url: URL, exchange: queue, queue, routingKey: queue };
    const worker = await startVigil({ role: 'worker', amqp, server: { port: 0 }, store: { dataDir: tmp() } }, { catalogs: [] });
    running.push(worker);
    const ingest = await startVigil({ role: 'ingest', amqp: { ...amqp, framing: 'batch' }, server: { port: 0 }, store: { dataDir: tmp() } }, { catalogs: [] });
    running.push(ingest);
    expect(ingest.store).toBeUndefined();

    const events = Array.from({ length: 300 }, (_, i) => ({ summary: `tiered ${i}`, hostname: 'tiered' }));
    const response = await fetch(`${ingest.url}/events`, { method: 'POST', body: JSON.stringify(events) });
    expect(await response.json()).toMatchObject({ accepted: 300, rejected: 0 });
    // The ingest tier answers once RabbitMQ confirmed; the worker makes them searchable.
    const deadline = Date.now() + 15_000;
    let total = 0;
    while (Date.now() < deadline) {
      total = ((await (await fetch(`${worker.url}/api/search?q=hostname:tiered&size=0`)).json()) as { total: number }).total;
      if (total === 300) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(total).toBe(300);
    // The ingest tier has no store, so no search API.
    expect((await fetch(`${ingest.url}/api/search?q=x`)).status).toBe(404);
    expect(((await (await fetch(`${ingest.url}/status`)).json()) as { store: string }).store).toBe('none');
  });

  it('keeps stateful correlation right with several workers: one correlator sees the whole stream', async () => {
    queue = `vigil-corr-${randomUUID().slice(0, 8)}`;
    const amqp = { url: URL, exchange: queue, queue, routingKey: queue, correlationTier: true, prefetch: 1 };
    // A stateful rule: alert once 12 events of one host have been seen in total.
    const catalog: PluginCatalog = {
      correlation: {
        'alerts:twelve': () => ({
          name: 'alerts:twelve',
          correlate: (events$) =>
            events$.pipe(
              filter((e) => e.hostname === 'tier-x'),
              scan((n) => n + 1, 0),
              filter((n) => n === 12),
              map(() => ({
                id: 'twelve',
                utctimestamp: new Date().toISOString(),
                severity: 'WARNING' as const,
                summary: '12 events from tier-x',
                category: 'test',
                tags: [],
                events: [],
                count: 12,
                rule: { id: 'twelve', name: 'twelve' },
              })),
            ),
        }),
      },
    };
    const config = (role: 'worker' | 'correlator' | 'ingest') => ({ role, amqp, server: { port: 0 }, store: { dataDir: tmp() }, correlation: role === 'ingest' ? [] : [{ plugin: 'alerts:twelve' }] });
    const workerA = await startVigil(config('worker'), { catalogs: [catalog] });
    running.push(workerA);
    const workerB = await startVigil(config('worker'), { catalogs: [catalog] });
    running.push(workerB);
    const correlator = await startVigil(config('correlator'), { catalogs: [catalog] });
    running.push(correlator);
    const ingest = await startVigil({ role: 'ingest', amqp: { ...amqp, framing: 'mozdef' }, server: { port: 0 }, store: { dataDir: tmp() } }, { catalogs: [] });
    running.push(ingest);
    expect(workerA.pipeline.describe().correlation).toEqual([]);
    expect(correlator.pipeline.describe().correlation).toEqual(['alerts:twelve']);

    for (let i = 0; i < 12; i++) {
      await fetch(`${ingest.url}/events`, { method: 'POST', body: JSON.stringify({ summary: `e${i}`, hostname: 'tier-x' }) });
    }
    const deadline = Date.now() + 20_000;
    let alerts = 0;
    while (Date.now() < deadline && alerts === 0) {
      alerts = (await correlator.store!.searchAlerts({ query: 'rule.id:twelve' })).total;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(alerts).toBe(1);
    const a = (await workerA.store!.search({ query: 'hostname:tier-x', size: 0 })).total;
    const b = (await workerB.store!.search({ query: 'hostname:tier-x', size: 0 })).total;
    expect(a + b).toBe(12);
    // The correlator keeps alerts, not a second copy of the events.
    expect((await correlator.store!.search({ size: 0 })).total).toBe(0);
  });

  it('refuses a tier role without an amqp section', async () => {
    await expect(startVigil({ role: 'worker', server: { port: 0 }, store: { dataDir: tmp() } }, { catalogs: [] })).rejects.toThrow(/needs an `amqp:` section/);
  });
});

// Against the real RabbitMQ at 127.0.0.1:5672 (never a mock): names are unique per run and deleted after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveTopology, type AmqpTopology } from '../amqp/AmqpTopology';
import { createPipeline } from '../pipeline/createPipeline';
import type { Pipeline } from '../pipeline/Pipeline';
import { createAmqpSink } from '../sinks/AmqpSink';
import type { EventSink } from '../sinks/EventSink';
import { createSqliteStore, type SqliteStore } from '../stores/SqliteStore';
import { createAmqpSource, type AmqpSource } from './AmqpSource';

const URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
let admin: ChannelModel;
let dir: string;
let store: SqliteStore;
let topology: AmqpTopology;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  admin = await connect(URL);
});

afterAll(async () => {
  await admin.close();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-amqp-'));
  store = createSqliteStore({ dataDir: dir });
  await store.start();
  const name = `vigil-test-${randomUUID().slice(0, 8)}`;
  topology = resolveTopology({ exchange: name, queue: name, routingKey: name });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  const ch = await admin.createChannel();
  for (const q of [topology.queue, topology.retryQueue, topology.deadLetterQueue]) await ch.deleteQueue(q).catch(() => undefined);
  for (const x of [topology.exchange, topology.retryExchange, topology.deadLetterExchange]) await ch.deleteExchange(x).catch(() => undefined);
  await ch.close().catch(() => undefined);
  await store.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function worker(extraSinks: EventSink[] = [], overrides: Parameters<typeof createAmqpSource>[0] = {}): Promise<{ pipeline: Pipeline; source: AmqpSource }> {
  const pipeline = createPipeline({ store, sinks: extraSinks, onError: () => undefined });
  await pipeline.start();
  const source = createAmqpSource({ url: URL, topology, batchMaxWaitMs: 10, onError: () => undefined, ...overrides });
  await source.start(pipeline);
  cleanups.push(async () => {
    await source.shutdown();
    await pipeline.shutdown();
  });
  return { pipeline, source };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function deadMessages(): Promise<GetMessage[]> {
  const ch = await admin.createChannel();
  const out: GetMessage[] = [];
  for (;;) {
    const msg = await ch.get(topology.deadLetterQueue, { noAck: true });
    if (msg === false) break;
    out.push(msg);
  }
  await ch.close();
  return out;
}

describe('AMQP sink → RabbitMQ → AMQP source → store', () => {
  it('carries batched NDJSON messages with confirms and acks only once stored', async () => {
    const { source } = await worker();
    const sink = createAmqpSink({ url: URL, topology, framing: 'batch', eventsPerMessage: 100 });
    cleanups.push(() => sink.shutdown!());
    const ingest = createPipeline({ sinks: [sink] });
    await ingest.start();
    cleanups.push(() => ingest.shutdown());
    const events = Array.from({ length: 2000 }, (_, i) => ({ summary: `amqp event ${i}`, hostname: 'amqp-host', details: { n: i } }));
    const result = await ingest.ingest(events, 'http');
    expect(result.accepted).toBe(2000);
    await until(async () => (await store.search({ query: 'hostname:amqp-host', size: 0 })).total === 2000);
    await until(() => source.stats().acked === 20);
    expect(source.stats()).toMatchObject({ received: 20, acked: 20, retried: 0, deadLettered: 0 });
    // Ids assigned at the ingest tier survive the queue: the stored events carry them.
    const ids = new Set(result.items.map((i) => (i.ok ? i.id : '')));
    const stored = await store.search({ query: 'hostname:amqp-host', size: 2000 });
    expect(stored.hits.every((e) => ids.has(e.id))).toBe(true);
  });

  it('ingests once the NDJSON lines received reach batchMaxEvents, without waiting out batchMaxWaitMs', async () => {
    await worker([], { batchMaxEvents: 10, batchMaxWaitMs: 60_000 });
    const ch = await admin.createChannel();
    for (let m = 0; m < 2; m++) {
      const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ summary: `line ${m}-${i}`, hostname: 'nd' }));
      ch.publish(topology.exchange, topology.routingKey, Buffer.from(`${lines.join('\n')}\n`), {
        persistent: true,
        contentType: 'application/x-ndjson',
      });
    }
    await ch.close();
    await until(async () => (await store.search({ query: 'hostname:nd', size: 0 })).total === 10, 5_000);
  });

  it("takes MozDef's framing: one raw JSON event per message, as shippers publish it", async () => {
    await worker();
    const ch = await admin.createChannel();
    for (let i = 0; i < 50; i++) {
      ch.publish(topology.exchange, topology.routingKey, Buffer.from(JSON.stringify({ message: `shipper line ${i}`, host: 'shipper', program: 'sshd' })), {
        persistent: true,
      });
    }
    await ch.close();
    await until(async () => (await store.search({ query: 'hostname:shipper AND processname:sshd', size: 0 })).total === 50);
  });

  it('sends a poison message to the dead-letter queue with its reason, and goes on', async () => {
    const { source } = await worker();
    const ch = await admin.createChannel();
    ch.publish(topology.exchange, topology.routingKey, Buffer.from('{"summary": not json'), { persistent: true });
    ch.publish(topology.exchange, topology.routingKey, Buffer.from([0xff, 0xfe, 0x00]), { persistent: true });
    ch.publish(topology.exchange, topology.routingKey, Buffer.from(JSON.stringify({ summary: 'after poison', hostname: 'p' })), { persistent: true });
    await ch.close();
    await until(async () => (await store.search({ query: 'hostname:p', size: 0 })).total === 1);
    await until(() => source.stats().deadLettered === 2);
    const dead = await deadMessages();
    expect(dead).toHaveLength(2);
    const reasons = dead.map((m) => String(m.properties.headers?.['x-vigil-reason']));
    expect(reasons[0]).toMatch(/poison message: message body is not JSON/);
    expect(reasons[1]).toMatch(/poison message: message body is not valid UTF-8/);
  });

  it('retries a message whose sink failed, with backoff, then dead-letters it with the reason', async () => {
    let calls = 0;
    const flaky: EventSink = {
      name: 'sink:flaky',
      async write() {
        calls++;
        throw new Error('disk on fire');
      },
    };
    const { source } = await worker([flaky], { maxAttempts: 3, retryDelayMs: 50 });
    const ch = await admin.createChannel();
    ch.publish(topology.exchange, topology.routingKey, Buffer.from(JSON.stringify({ summary: 'doomed', hostname: 'r' })), { persistent: true });
    await ch.close();
    await until(() => source.stats().deadLettered === 1);
    expect(source.stats().retried).toBe(2);
    expect(calls).toBe(3);
    const [dead] = await deadMessages();
    expect(String(dead!.properties.headers?.['x-vigil-reason'])).toMatch(/gave up after 3 attempts: .*disk on fire/);
    expect(dead!.properties.headers?.['x-vigil-attempts']).toBe(3);
  });

  it('counts duplicates when the same events are delivered again (idempotent by id)', async () => {
    const { source } = await worker();
    const ch = await admin.createChannel();
    const body = Buffer.from(JSON.stringify({ id: 'same-event-1', summary: 'twice', hostname: 'dup' }));
    ch.publish(topology.exchange, topology.routingKey, body, { persistent: true });
    ch.publish(topology.exchange, topology.routingKey, body, { persistent: true });
    await ch.close();
    await until(() => source.stats().acked === 2);
    expect((await store.search({ query: 'hostname:dup', size: 0 })).total).toBe(1);
    expect(source.stats().duplicates).toBe(1);
  });
});

// kill -9 of a worker in the middle of 100,000 events, against the real RabbitMQ and real processes:
// after a restart the store holds exactly 100,000 distinct events, and the redelivered ones are counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTopology } from '../src/amqp/AmqpTopology';
import { createPipeline } from '../src/pipeline/createPipeline';
import { createAmqpSink } from '../src/sinks/AmqpSink';
import { createSqliteStore } from '../src/stores/SqliteStore';

const URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const TOTAL = 100_000;
const queue = `vigil-crash-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  const model = await connect(URL);
  const ch = await model.createChannel();
  const t = resolveTopology({ exchange: queue, queue, routingKey: queue });
  for (const q of [t.queue, t.retryQueue, t.deadLetterQueue]) await ch.deleteQueue(q).catch(() => undefined);
  for (const x of [t.exchange, t.retryExchange, t.deadLetterExchange]) await ch.deleteExchange(x).catch(() => undefined);
  await model.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Stats {
  received: number;
  acked: number;
  redelivered: number;
  duplicates: number;
}

function startWorker(onLine: (kind: string, stats: Stats) => void): ChildProcess {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'worker.mjs'), join(dir, 'data'), queue, URL], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const space = line.indexOf(' ');
      onLine(line.slice(0, space), JSON.parse(line.slice(space + 1)) as Stats);
    }
  });
  return child;
}

async function storedCount(): Promise<number> {
  const reader = createSqliteStore({ dataDir: join(dir, 'data') });
  await reader.start();
  try {
    return (await reader.search({ size: 0 })).total;
  } finally {
    await reader.shutdown();
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker crash', () => {
  it('loses nothing and stores nothing twice when a worker is killed -9 mid-stream', { timeout: 300_000 }, async () => {
    // The ingest side: 100,000 events, ids assigned at the edge, published with confirms.
    const sink = createAmqpSink({ url: URL, topology: { exchange: queue, queue, routingKey: queue }, eventsPerMessage: 100 });
    const ingest = createPipeline({ sinks: [sink], batchSize: 5000 });
    await ingest.start();
    for (let i = 0; i < TOTAL; i += 10_000) {
      const events = Array.from({ length: 10_000 }, (_, k) => ({ summary: `crash test ${i + k}`, hostname: 'crash', details: { n: i + k } }));
      expect((await ingest.ingest(events, 'test')).accepted).toBe(10_000);
    }
    await ingest.shutdown();
    await sink.shutdown!();

    let first: Stats | undefined;
    const worker1 = startWorker((_kind, stats) => (first = stats));
    await until(async () => (first?.acked ?? 0) >= 50, 120_000, 'the first worker to store some events');
    worker1.kill('SIGKILL');
    await new Promise((r) => worker1.once('exit', r));
    const atKill = await storedCount();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill, 'the worker must die mid-stream for this test to mean anything').toBeLessThan(TOTAL);

    let final: Stats | undefined;
    let latest: Stats | undefined;
    const worker2 = startWorker((kind, stats) => {
      latest = stats;
      if (kind === 'final') final = stats;
    });
    await until(async () => (await storedCount()) >= TOTAL, 240_000, 'all events to be stored after the restart');
    // Let the worker ack what it stored (the broker holds nothing ready, the worker has acked all it received),
    // then stop it gracefully to read its counters.
    const model = await connect(URL);
    const channel = await model.createChannel();
    const topology = resolveTopology({ exchange: queue, queue, routingKey: queue });
    const waiting = async (): Promise<number> => {
      let count = 0;
      for (const q of [topology.queue, topology.retryQueue, topology.deadLetterQueue]) count += (await channel.checkQueue(q)).messageCount;
      return count;
    };
    try {
      await until(async () => latest !== undefined && latest.acked === latest.received && (await waiting()) === 0, 60_000, 'every message to be acknowledged');
      worker2.kill('SIGTERM');
      await until(async () => final !== undefined, 60_000, 'the second worker to stop');
      // Nothing came back to the queue when the worker's channel closed: every message was acknowledged,
      // none was retried or dead-lettered.
      expect(final!.acked).toBe(final!.received);
      expect(await waiting()).toBe(0);
    } finally {
      await model.close();
    }

    expect(await storedCount()).toBe(TOTAL);
    // Messages the first worker had taken but not acknowledged came back marked as redelivered.
    expect(final!.redelivered).toBeGreaterThan(0);
    // Events the first worker had committed but not acknowledged were written again idempotently and counted.
    expect(final!.duplicates).toBeGreaterThanOrEqual(0);
    expect(final!.duplicates).toBeLessThanOrEqual(TOTAL - (atKill - final!.duplicates));
  });
});

// RabbitMQ restarted in the middle of a stream, for real (a private node the test owns): nothing is lost.
// A shipper retries what was refused while the broker was away, with its own event ids, as shippers do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../src/pipeline/createPipeline';
import { createAmqpSink } from '../src/sinks/AmqpSink';
import { createAmqpSource } from '../src/sources/AmqpSource';
import { createSqliteStore } from '../src/stores/SqliteStore';
import { startPrivateBroker, type PrivateBroker } from './privateBroker';

let broker: PrivateBroker;
const dir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));

beforeAll(async () => {
  broker = await startPrivateBroker();
}, 120_000);

afterAll(async () => {
  await broker?.destroy();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('broker restart', () => {
  it('loses nothing when RabbitMQ stops and starts in the middle of a stream', { timeout: 180_000 }, async () => {
    const TOTAL = 20_000;
    const BATCH = 500;
    const store = createSqliteStore({ dataDir: join(dir, 'data') });
    await store.start();
    const worker = createPipeline({ store, onError: () => undefined });
    await worker.start();
    const source = createAmqpSource({ url: broker.url, batchMaxWaitMs: 10, onError: () => undefined });
    await source.start(worker);
    const sink = createAmqpSink({ url: broker.url, eventsPerMessage: 100, onError: () => undefined });
    const ingest = createPipeline({ sinks: [sink], onError: () => undefined });
    await ingest.start();

    let refused = 0;
    let restart: Promise<void> | undefined;
    for (let offset = 0; offset < TOTAL; offset += BATCH) {
      // A quarter of the way in, the broker goes away for a while and comes back. The stop is awaited (rabbitmqctl
      // takes a second or more to boot) so that the next batches meet a broker that is surely down; the start runs
      // beside the stream, which keeps retrying until the broker is back.
      if (offset === TOTAL / 4) {
        await broker.stopApp();
        restart = (async () => {
          await new Promise((r) => setTimeout(r, 1500));
          await broker.startApp();
        })();
      }
      const batch = Array.from({ length: BATCH }, (_, k) => ({ id: `restart-${offset + k}`, summary: `event ${offset + k}`, hostname: 'restart' }));
      // Retry until the broker confirms, as a shipper does on 503.
      for (;;) {
        const result = await ingest.ingest(batch, 'test');
        if (result.accepted === BATCH) break;
        refused++;
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await restart;
    const deadline = Date.now() + 60_000;
    let stored = 0;
    while (Date.now() < deadline && (stored = (await store.search({ query: 'hostname:restart', size: 0 })).total) < TOTAL) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stored).toBe(TOTAL);
    // The broker really went away: publishes were refused and the consumer reconnected.
    expect(refused).toBeGreaterThan(0);
    expect(source.stats().reconnects).toBeGreaterThanOrEqual(1);
    await ingest.shutdown();
    await sink.shutdown!();
    await source.shutdown();
    await worker.shutdown();
    await store.shutdown();
  });
});

// npm run bench -- ingest-http
// POST /_bulk NDJSON from a separate client process into a Vigil server with the durable SQLite store,
// beside the store's own in-process write rate of the same events (the baseline: no HTTP, no parsing).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPipeline, createSqliteStore, startVigil, tuneRuntime } from '@vigil/core';
import { makeEventLines } from './internal/mozdefEvents';

// The V8 tuning `vigil serve` starts with, for the server and the in-process baseline alike.
tuneRuntime();

const COUNT = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const BATCH = 5000;
const CONCURRENCY = 4;
const here = dirname(fileURLToPath(import.meta.url));
const lines = makeEventLines(COUNT);
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-http-'));
const linesFile = join(work, 'events.ndjson');
writeFileSync(linesFile, lines.join('\n'));

// Baseline: the same events through an in-process pipeline into a SQLite store (no HTTP).
async function baseline(): Promise<{ rate: number; cpuRate: number }> {
  const dir = join(work, 'baseline');
  const store = createSqliteStore({ dataDir: dir });
  await store.start();
  const pipeline = createPipeline({ store, batchSize: BATCH });
  await pipeline.start();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < COUNT; i += BATCH) {
    await pipeline.ingest(lines.slice(i, i + BATCH).map((l) => JSON.parse(l) as unknown), 'bench');
  }
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pipeline.shutdown();
  await store.shutdown();
  return { rate: COUNT / seconds, cpuRate: COUNT / ((used.user + used.system) / 1e6) };
}

// Per CPU-second figures count every thread of the process (the store's writer thread too); the client's own
// CPU is reported beside them, since on two cores it competes with the server.
async function overHttp(): Promise<{ rate: number; cpuRate: number; clientCpuSeconds: number; accepted: number; failed: number; stored: number }> {
  const vigil = await startVigil({ server: { port: 0 }, store: { dataDir: join(work, 'http') } }, { catalogs: [] });
  try {
    // Asynchronously: the server runs in this process and must keep serving while the client sends.
    const cpu = process.cpuUsage();
    const { stdout: out } = await promisify(execFile)(process.execPath, [join(here, 'internal', 'bulkClient.mjs'), vigil.url, linesFile, String(BATCH), String(CONCURRENCY)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const used = process.cpuUsage(cpu);
    const result = JSON.parse(out.trim()) as { events: number; accepted: number; failed: number; seconds: number; cpuSeconds: number };
    const stored = (await vigil.store!.aggregate({ type: 'terms', field: 'category', size: 1 })).total;
    return {
      rate: result.events / result.seconds,
      cpuRate: result.events / ((used.user + used.system) / 1e6),
      clientCpuSeconds: result.cpuSeconds,
      accepted: result.accepted,
      failed: result.failed,
      stored,
    };
  } finally {
    await vigil.shutdown();
  }
}

const base = await baseline();
const http = await overHttp();
rmSync(work, { recursive: true, force: true });
console.log(`events: ${COUNT}, bulk batches of ${BATCH}, ${CONCURRENCY} concurrent requests from a separate process`);
console.log(`baseline in-process pipeline → SQLite: ${Math.round(base.rate).toLocaleString()} events/s (${Math.round(base.cpuRate).toLocaleString()} per CPU-second)`);
console.log(
  `HTTP /_bulk → pipeline → SQLite (durable before 2xx): ${Math.round(http.rate).toLocaleString()} events/s (server ${Math.round(http.cpuRate).toLocaleString()} per CPU-second; client ${http.clientCpuSeconds.toFixed(1)} CPU-seconds), accepted ${http.accepted}, failed ${http.failed}, stored ${http.stored}`,
);
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
console.log(`target ≥50,000 events/s → ${http.rate >= 50_000 && http.stored === COUNT ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'ingest-http',
    events: COUNT,
    httpEventsPerSec: Math.round(http.rate),
    baselineInProcessEventsPerSec: Math.round(base.rate),
    httpServerEventsPerCpuSec: Math.round(http.cpuRate),
    baselineInProcessEventsPerCpuSec: Math.round(base.cpuRate),
    clientCpuSeconds: Number(http.clientCpuSeconds.toFixed(2)),
    loadAverage: Number((loadavg()[0] ?? 0).toFixed(1)),
    stored: http.stored,
    failed: http.failed,
  }),
);

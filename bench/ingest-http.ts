// npm run bench -- ingest-http
// POST /_bulk NDJSON from a separate client process into a Vigil server with the durable SQLite store,
// beside the store's own in-process write rate of the same events (the baseline: no HTTP, no parsing).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPipeline, createSqliteStore, startVigil } from '@vigil/core';
import { makeEventLines } from './internal/mozdefEvents';

const COUNT = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const BATCH = 5000;
const CONCURRENCY = 4;
const here = dirname(fileURLToPath(import.meta.url));
const lines = makeEventLines(COUNT);
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-http-'));
const linesFile = join(work, 'events.ndjson');
writeFileSync(linesFile, lines.join('\n'));

// Baseline: the same events through an in-process pipeline into a SQLite store (no HTTP).
async function baseline(): Promise<number> {
  const dir = join(work, 'baseline');
  const store = createSqliteStore({ dataDir: dir });
  await store.start();
  const pipeline = createPipeline({ store, batchSize: BATCH });
  await pipeline.start();
  const started = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i += BATCH) {
    await pipeline.ingest(lines.slice(i, i + BATCH).map((l) => JSON.parse(l) as unknown), 'bench');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pipeline.shutdown();
  await store.shutdown();
  return COUNT / seconds;
}

async function overHttp(): Promise<{ rate: number; accepted: number; failed: number; stored: number }> {
  const vigil = await startVigil({ server: { port: 0 }, store: { dataDir: join(work, 'http') } }, { catalogs: [] });
  try {
    // Asynchronously: the server runs in this process and must keep serving while the client sends.
    const { stdout: out } = await promisify(execFile)(process.execPath, [join(here, 'internal', 'bulkClient.mjs'), vigil.url, linesFile, String(BATCH), String(CONCURRENCY)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(out.trim()) as { events: number; accepted: number; failed: number; seconds: number };
    const stored = (await vigil.store!.aggregate({ type: 'terms', field: 'category', size: 1 })).total;
    return { rate: result.events / result.seconds, accepted: result.accepted, failed: result.failed, stored };
  } finally {
    await vigil.shutdown();
  }
}

const base = await baseline();
const http = await overHttp();
rmSync(work, { recursive: true, force: true });
console.log(`events: ${COUNT}, bulk batches of ${BATCH}, ${CONCURRENCY} concurrent requests from a separate process`);
console.log(`baseline in-process pipeline → SQLite: ${Math.round(base).toLocaleString()} events/s`);
console.log(`HTTP /_bulk → pipeline → SQLite (durable before 2xx): ${Math.round(http.rate).toLocaleString()} events/s, accepted ${http.accepted}, failed ${http.failed}, stored ${http.stored}`);
console.log(`target ≥50,000 events/s → ${http.rate >= 50_000 && http.stored === COUNT ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'ingest-http', events: COUNT, httpEventsPerSec: Math.round(http.rate), baselineInProcessEventsPerSec: Math.round(base), stored: http.stored, failed: http.failed }));

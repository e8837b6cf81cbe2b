// npm run bench -- store
// Writes N typical ~540-byte events into the SQLite store in batches (generated columns, indexes, FTS5),
// then times a search with a query and aggregations. Baseline, measured in the same run: the same events
// (one JSON.stringify each) inserted into a bare table with one TEXT column, same pragmas and batches;
// for search, a LIKE scan of that bare table.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore, type VigilEvent } from '@vigil/core';
import { loadSamples } from './internal/mozdefEvents';

const COUNT = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 2000);
const SEVERITIES = ['INFO', 'NOTICE', 'WARNING', 'ERROR'] as const;

/** Normalized events built from MozDef's demo events (mozilla/MozDef, MPL-2.0), padded to ~540 bytes. */
function makeEvents(count: number): VigilEvent[] {
  const samples = loadSamples();
  const base = Date.parse('2026-11-01T00:00:00Z');
  const events: VigilEvent[] = [];
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length] as Record<string, unknown>;
    const time = new Date(base + i * 37).toISOString();
    const summary = typeof sample['summary'] === 'string' ? sample['summary'] : `event ${i}`;
    const event: VigilEvent = {
      id: `bench-${i.toString(36)}-${(i * 2654435761 >>> 0).toString(16)}`,
      utctimestamp: time,
      receivedtimestamp: time,
      timestamp: time,
      hostname: `host${i % 512}.example.com`,
      processname: String(sample['processname'] ?? 'sshd'),
      processid: String(1000 + (i % 30000)),
      severity: SEVERITIES[i % SEVERITIES.length] as VigilEvent['severity'],
      summary: `${summary.trim()} [${i % 997}]`,
      category: String(sample['category'] ?? 'syslog'),
      source: String(sample['source'] ?? 'bench'),
      tags: ['bench', i % 3 === 0 ? 'ssh' : 'syslog'],
      details: { username: `user${i % 1000}`, sourceipaddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, seq: i },
    };
    const missing = 540 - JSON.stringify(event).length;
    if (missing > 12) event.details['pad'] = 'x'.repeat(missing - 10);
    events.push(event);
  }
  return events;
}

/** Events per wall-clock second and per CPU-second of this process (steadier on a shared machine). */
interface Rate {
  rate: number;
  cpuRate: number;
}

function bareTable(dir: string, events: readonly VigilEvent[]): Rate & { db: Database.Database } {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (doc TEXT)');
  const insert = db.prepare('INSERT INTO t (doc) VALUES (?)');
  const batch = db.transaction((items: readonly VigilEvent[]) => {
    for (const e of items) insert.run(JSON.stringify(e));
  });
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < events.length; i += BATCH) batch(events.slice(i, i + BATCH));
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: events.length / seconds, cpuRate: events.length / ((used.user + used.system) / 1e6), db };
}

async function timed<T>(run: () => Promise<T> | T, times = 5): Promise<{ ms: number; result: T }> {
  const samples: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    result = await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)] as number, result: result as T };
}

const events = makeEvents(COUNT);
const avgBytes = Math.round(events.slice(0, 1000).reduce((s, e) => s + JSON.stringify(e).length, 0) / 1000);
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-store-'));
try {
  const bare = bareTable(work, events);

  const store = createSqliteStore({ dataDir: join(work, 'store') });
  await store.start();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let written = 0;
  for (let i = 0; i < events.length; i += BATCH) written += (await store.writeEvents(events.slice(i, i + BATCH))).written;
  const used = process.cpuUsage(cpu);
  const storeRate = events.length / (Number(process.hrtime.bigint() - started) / 1e9);
  const storeCpuRate = events.length / ((used.user + used.system) / 1e6);

  const query = 'hostname:host1* AND (failed OR user*) AND NOT severity:ERROR';
  const search = await timed(() => store.search({ query, size: 100 }));
  const terms = await timed(() => store.aggregate({ type: 'terms', field: 'details.username', query: 'tags:ssh', size: 10 }));
  const histogram = await timed(() => store.aggregate({ type: 'date_histogram', interval: '1m', query: 'hostname:host7.example.com' }));
  const likeScan = await timed(() => bare.db.prepare("SELECT count(*) FROM t WHERE doc LIKE '%failed%'").pluck().get() as number);
  bare.db.close();
  await store.shutdown();

  console.log(`events: ${COUNT} (~${avgBytes} bytes each), batches of ${BATCH}`);
  console.log(`baseline bare table (one TEXT column): ${Math.round(bare.rate).toLocaleString()} events/s (${Math.round(bare.cpuRate).toLocaleString()} per CPU-second)`);
  console.log(
    `SQLite store writeEvents (indexes + FTS5): ${Math.round(storeRate).toLocaleString()} events/s (${Math.round(storeCpuRate).toLocaleString()} per CPU-second), written ${written}, ${((storeCpuRate / bare.cpuRate) * 100).toFixed(0)}% of baseline per CPU-second`,
  );
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  console.log(`search "${query}" size 100: ${search.ms.toFixed(1)} ms (total ${search.result.total})`);
  console.log(`terms details.username where tags:ssh: ${terms.ms.toFixed(1)} ms (total ${terms.result.total})`);
  console.log(`date_histogram 1m where hostname:host7.example.com: ${histogram.ms.toFixed(1)} ms (${histogram.result.buckets.length} buckets)`);
  console.log(`baseline LIKE '%failed%' scan of the bare table: ${likeScan.ms.toFixed(1)} ms (${likeScan.result} rows)`);
  console.log(
    JSON.stringify({
      bench: 'store',
      events: COUNT,
      batch: BATCH,
      avgBytes,
      storeEventsPerSec: Math.round(storeRate),
      baselineBareTableEventsPerSec: Math.round(bare.rate),
      storeEventsPerCpuSec: Math.round(storeCpuRate),
      baselineBareTableEventsPerCpuSec: Math.round(bare.cpuRate),
      loadAverage: Number((loadavg()[0] ?? 0).toFixed(1)),
      searchMs: Number(search.ms.toFixed(2)),
      termsMs: Number(terms.ms.toFixed(2)),
      histogramMs: Number(histogram.ms.toFixed(2)),
      baselineLikeScanMs: Number(likeScan.ms.toFixed(2)),
      written,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

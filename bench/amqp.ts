// npm run bench -- amqp
// End to end across processes: a client POSTs /_bulk to the ingest tier (HTTP → RabbitMQ with publisher confirms),
// a worker tier consumes (RabbitMQ → pipeline → SQLite, acking after commit). Measured until the worker has stored
// every event. Batched NDJSON framing beside MozDef's one-event-per-message framing, in the same run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStore } from '@vigil/core';
import { connect } from 'amqplib';
import { makeEventLines } from './internal/mozdefEvents';

const COUNT = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-amqp-'));
const linesFile = join(work, 'events.ndjson');
writeFileSync(linesFile, makeEventLines(COUNT).join('\n'));

function startTier(role: string, dataDir: string, queue: string, framing: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(here, 'internal', 'tier.mjs'), role, dataDir, queue, framing], { stdio: ['ignore', 'pipe', 'inherit'], cwd: here });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /url (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

/** CPU seconds a child process has used so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

// Counts what the worker stored. On the calling thread: a poll every 50 ms must not start a writer thread each time.
async function stored(dataDir: string): Promise<number> {
  const store = createSqliteStore({ dataDir, writerThread: false });
  await store.start();
  try {
    return (await store.search({ size: 0 })).total;
  } finally {
    await store.shutdown();
  }
}

async function run(framing: 'batch' | 'mozdef'): Promise<{ rate: number; seconds: number; stored: number; ingestCpu: number; workerCpu: number }> {
  const queue = `bench-amqp-${framing}-${randomUUID().slice(0, 6)}`;
  const dataDir = join(work, `data-${framing}`);
  const worker = await startTier('worker', dataDir, queue, framing);
  const ingest = await startTier('ingest', join(work, `ingest-${framing}`), queue, framing);
  const ingestCpu0 = cpuSeconds(ingest.child.pid);
  const workerCpu0 = cpuSeconds(worker.child.pid);
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [join(here, 'internal', 'bulkClient.mjs'), ingest.url, linesFile, '5000', '4'], { encoding: 'utf8' });
  let count = 0;
  while ((count = await stored(dataDir)) < COUNT) await new Promise((r) => setTimeout(r, 50));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ingestCpu = cpuSeconds(ingest.child.pid) - ingestCpu0;
  const workerCpu = cpuSeconds(worker.child.pid) - workerCpu0;
  for (const tier of [ingest, worker]) {
    tier.child.kill('SIGTERM');
    await new Promise((r) => tier.child.once('exit', r));
  }
  const model = await connect('amqp://guest:guest@127.0.0.1:5672');
  const ch = await model.createChannel();
  for (const name of [queue, `${queue}.retry`, `${queue}.dead`]) {
    await ch.deleteQueue(name).catch(() => undefined);
    await ch.deleteExchange(name).catch(() => undefined);
  }
  await model.close();
  return { rate: COUNT / seconds, seconds, stored: count, ingestCpu, workerCpu };
}

const batch = await run('batch');
const mozdef = await run('mozdef');
rmSync(work, { recursive: true, force: true });
console.log(`events: ${COUNT}; client → ingest tier (HTTP /_bulk) → RabbitMQ (confirms) → worker → SQLite (ack after commit), 3 processes + broker`);
const perCpu = (cpu: number): string => (cpu > 0 ? Math.round(COUNT / cpu).toLocaleString() : '?');
for (const [label, r] of [['batched NDJSON framing', batch], ['MozDef framing (one event per message)', mozdef]] as const) {
  console.log(
    `${label}: ${Math.round(r.rate).toLocaleString()} events/s (${r.seconds.toFixed(1)} s); ingest tier ${perCpu(r.ingestCpu)}, worker tier ${perCpu(r.workerCpu)} events per CPU-second`,
  );
}
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
console.log(`target ≥30,000 events/s with the batched framing → ${batch.rate >= 30_000 ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'amqp',
    events: COUNT,
    batchEventsPerSec: Math.round(batch.rate),
    mozdefEventsPerSec: Math.round(mozdef.rate),
    batchWorkerEventsPerCpuSec: batch.workerCpu > 0 ? Math.round(COUNT / batch.workerCpu) : null,
    mozdefWorkerEventsPerCpuSec: mozdef.workerCpu > 0 ? Math.round(COUNT / mozdef.workerCpu) : null,
    batchIngestEventsPerCpuSec: batch.ingestCpu > 0 ? Math.round(COUNT / batch.ingestCpu) : null,
    mozdefIngestEventsPerCpuSec: mozdef.ingestCpu > 0 ? Math.round(COUNT / mozdef.ingestCpu) : null,
    loadAverage: Number((loadavg()[0] ?? 0).toFixed(1)),
    batchStored: batch.stored,
    mozdefStored: mozdef.stored,
  }),
);

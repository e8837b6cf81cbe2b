// npm run bench -- pipeline
// In-process: parse → normalize → three simple enrichment plugins → validate → serialize, on ~540-byte
// MozDef events, beside the raw JSON.parse + JSON.stringify rate of the same lines (the ceiling).
import { loadavg } from 'node:os';
import { createPipeline, tuneRuntime, type EnrichmentPlugin, type EventSink } from '@vigil/core';
import { makeEventLines } from './internal/mozdefEvents';

// The V8 tuning `vigil serve` runs with (VIGIL_V8_PRETENURING=keep measures V8's default).
const tuning = tuneRuntime();
const COUNT = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const ROUNDS = 5;
// Inputs are parsed and handed over one pipeline batch (core's default batchSize, 500) at a time, as a streaming
// source does: parsing 5,000 lines before the first is normalized would keep them all alive (docs/architecture.md,
// "Batches and memory"). BENCH_BATCH changes both.
const BATCH = Number(process.env['BENCH_BATCH'] ?? 500);
const lines = makeEventLines(COUNT);
const avgBytes = Math.round(lines.reduce((n, l) => n + l.length, 0) / lines.length);

/** Events per wall-clock second and per CPU-second of this process (user + system, GC threads included). */
interface Rate {
  wall: number;
  cpu: number;
}

function clock(): () => Rate {
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { wall: COUNT / (Number(process.hrtime.bigint() - wall0) / 1e9), cpu: COUNT / ((cpu.user + cpu.system) / 1e6) };
  };
}

function ceilingRun(): Rate {
  let bytes = 0;
  const stop = clock();
  for (const line of lines) bytes += JSON.stringify(JSON.parse(line)).length;
  const rate = stop();
  if (bytes === 0) throw new Error('nothing serialized');
  return rate;
}

const plugins: EnrichmentPlugin[] = [
  { name: 'bench:lowercase-host', priority: 10, registration: ['*'], enrich: (e) => ((e.hostname = e.hostname.toLowerCase()), e) },
  {
    name: 'bench:tag-auth',
    priority: 20,
    registration: (e) => e.category === 'authentication',
    enrich: (e) => (e.tags.push('auth'), e),
  },
  {
    name: 'bench:source-ip',
    priority: 30,
    registration: (e) => typeof e.details['sourceipaddress'] === 'string',
    enrich: (e) => ((e.details['sourceipclass'] = (e.details['sourceipaddress'] as string).startsWith('10.') ? 'private' : 'public'), e),
  },
];

async function pipelineRun(): Promise<Rate> {
  let bytes = 0;
  const serializer: EventSink = {
    name: 'sink:serialize',
    async write(events) {
      for (const e of events) bytes += JSON.stringify(e).length;
      return { written: events.length, duplicates: 0, failed: [] };
    },
  };
  const pipeline = createPipeline({ sinks: [serializer], enrichment: plugins, batchSize: BATCH, sinkConcurrency: 1 });
  await pipeline.start();
  const stop = clock();
  let accepted = 0;
  for (let offset = 0; offset < COUNT; offset += BATCH) {
    const batch = new Array<unknown>(Math.min(BATCH, COUNT - offset));
    for (let i = 0; i < batch.length; i++) batch[i] = JSON.parse(lines[offset + i]!);
    accepted += (await pipeline.ingest(batch, 'bench')).accepted;
  }
  const rate = stop();
  await pipeline.shutdown();
  if (accepted !== COUNT || bytes === 0) throw new Error(`pipeline accepted ${accepted} of ${COUNT}`);
  return rate;
}

const ceiling: Rate[] = [];
const piped: Rate[] = [];
// Warm up both paths, then alternate rounds so both see the same machine state.
ceilingRun();
await pipelineRun();
for (let r = 0; r < ROUNDS; r++) {
  ceiling.push(ceilingRun());
  piped.push(await pipelineRun());
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const c = median(ceiling.map((r) => r.wall));
const p = median(piped.map((r) => r.wall));
const cc = median(ceiling.map((r) => r.cpu));
const pc = median(piped.map((r) => r.cpu));
const fmt = (n: number): string => Math.round(n).toLocaleString();
const load = loadavg().map((n) => n.toFixed(1)).join(' ');
console.log(`events: ${COUNT} × ${ROUNDS} rounds, ~${avgBytes} bytes each, handed over ${BATCH} at a time; V8 pretenuring ${tuning.pretenuring}; load average ${load}`);
console.log(`ceiling JSON.parse+JSON.stringify: ${fmt(c)} events/s, ${fmt(cc)} events/CPU-s`);
console.log(`vigil pipeline (parse→normalize→3 plugins→validate→serialize): ${fmt(p)} events/s (${((p / c) * 100).toFixed(0)}% of ceiling), ${fmt(pc)} events/CPU-s (${((pc / cc) * 100).toFixed(0)}%)`);
const met = (rate: number, ceil: number): boolean => rate >= 150_000 && rate / ceil >= 0.5;
console.log(`targets: ≥150,000 events/s and ≥50% of ceiling → wall ${met(p, c) ? 'met' : 'NOT met'}, per CPU-second ${met(pc, cc) ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'pipeline',
    events: COUNT,
    avgBytes,
    batch: BATCH,
    pretenuring: tuning.pretenuring,
    nodeOptions: process.env['NODE_OPTIONS'] ?? '',
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
    ceilingEventsPerSec: Math.round(c),
    pipelineEventsPerSec: Math.round(p),
    ratio: Number((p / c).toFixed(3)),
    ceilingCpuEventsPerSec: Math.round(cc),
    pipelineCpuEventsPerSec: Math.round(pc),
    cpuRatio: Number((pc / cc).toFixed(3)),
  }),
);

// npm run bench -- pipeline
// In-process: parse → normalize → three simple enrichment plugins → validate → serialize, on ~540-byte
// MozDef events, beside the raw JSON.parse + JSON.stringify rate of the same lines (the ceiling).
import { createPipeline, type EnrichmentPlugin, type EventSink } from '@vigil/core';
import { makeEventLines } from './internal/mozdefEvents';

const COUNT = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const ROUNDS = 5;
const BATCH = 5000;
const lines = makeEventLines(COUNT);
const avgBytes = Math.round(lines.reduce((n, l) => n + l.length, 0) / lines.length);

function ceilingRun(): number {
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (const line of lines) bytes += JSON.stringify(JSON.parse(line)).length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (bytes === 0) throw new Error('nothing serialized');
  return COUNT / seconds;
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

async function pipelineRun(): Promise<number> {
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
  const started = process.hrtime.bigint();
  let accepted = 0;
  for (let offset = 0; offset < COUNT; offset += BATCH) {
    const batch = new Array<unknown>(Math.min(BATCH, COUNT - offset));
    for (let i = 0; i < batch.length; i++) batch[i] = JSON.parse(lines[offset + i]!);
    accepted += (await pipeline.ingest(batch, 'bench')).accepted;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pipeline.shutdown();
  if (accepted !== COUNT || bytes === 0) throw new Error(`pipeline accepted ${accepted} of ${COUNT}`);
  return COUNT / seconds;
}

const ceiling: number[] = [];
const piped: number[] = [];
// Warm up both paths, then alternate rounds so both see the same machine state.
ceilingRun();
await pipelineRun();
for (let r = 0; r < ROUNDS; r++) {
  ceiling.push(ceilingRun());
  piped.push(await pipelineRun());
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const c = median(ceiling);
const p = median(piped);
console.log(`events: ${COUNT} × ${ROUNDS} rounds, ~${avgBytes} bytes each`);
console.log(`ceiling JSON.parse+JSON.stringify: ${Math.round(c).toLocaleString()} events/s`);
console.log(`vigil pipeline (parse→normalize→3 plugins→validate→serialize): ${Math.round(p).toLocaleString()} events/s (${((p / c) * 100).toFixed(0)}% of ceiling)`);
console.log(`targets: ≥150,000 events/s and ≥50% of ceiling → ${p >= 150_000 && p / c >= 0.5 ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'pipeline', events: COUNT, avgBytes, ceilingEventsPerSec: Math.round(c), pipelineEventsPerSec: Math.round(p), ratio: Number((p / c).toFixed(3)) }));

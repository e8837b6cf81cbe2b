// A separate process that POSTs Elasticsearch bulk NDJSON to a Vigil server and reports the rate.
// Usage: node bulkClient.mjs <url> <linesFile> <batch> <concurrency>
import { readFileSync } from 'node:fs';

const [url, file, batchArg, concurrencyArg] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const batch = Number(batchArg);
const concurrency = Number(concurrencyArg);
const bodies = [];
for (let i = 0; i < lines.length; i += batch) {
  bodies.push(lines.slice(i, i + batch).map((l) => `{"index":{}}\n${l}`).join('\n') + '\n');
}
let next = 0;
let accepted = 0;
let failed = 0;
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
async function worker() {
  while (next < bodies.length) {
    const body = bodies[next++];
    const response = await fetch(`${url}/_bulk`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
    const answer = await response.json();
    for (const item of answer.items) {
      const status = item.index.status;
      if (status === 201 || status === 200) accepted++;
      else failed++;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ events: lines.length, accepted, failed, seconds, cpuSeconds: (used.user + used.system) / 1e6 }) + '\n');

// normalizeEvent and validateEvent cost per event, beside JSON.parse and JSON.stringify of the same ~540-byte
// MozDef events (built by bench/internal/mozdefEvents from mozilla/MozDef scripts/demo/sample_events, MPL-2.0).
//
// Measured in CPU time of this process (process.cpuUsage), not wall time: the machine is shared, and CPU time
// is what the other processes do not inflate much. Every stage runs interleaved within each round; the best
// round of each stage is kept, so all figures come from the same conditions.
import { createNormalizer, validateEvent } from '@vigil/core';
import type { VigilEvent } from '@vigil/core';
import { makeEventLines } from './internal/mozdefEvents';

const EVENTS = 20_000;
const ROUNDS = 30;
const RECEIVED_AT = '2026-11-01T06:00:00.000Z';

const lines = makeEventLines(EVENTS, 540);
const averageBytes = Math.round(lines.reduce((sum, line) => sum + line.length, 0) / lines.length);
const normalize = createNormalizer();

let sink = 0;
function cpuNsPerEvent(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / EVENTS;
}

const stages = {
  parse: () => {
    for (const line of lines) sink += JSON.parse(line) === null ? 0 : 1;
  },
  parseNormalize: () => {
    for (const line of lines) sink += normalize(JSON.parse(line) as unknown, RECEIVED_AT).ok ? 1 : 0;
  },
  parseStringify: () => {
    for (const line of lines) sink += JSON.stringify(JSON.parse(line)).length;
  },
  parseNormalizeStringify: () => {
    for (const line of lines) {
      const result = normalize(JSON.parse(line) as unknown, RECEIVED_AT);
      if (result.ok) sink += JSON.stringify(result.event).length;
    }
  },
};
type Stage = keyof typeof stages;
const best = Object.fromEntries(Object.keys(stages).map((name) => [name, Number.POSITIVE_INFINITY])) as Record<Stage, number>;
for (const run of Object.values(stages)) run(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(stages) as [Stage, () => void][]) best[name] = Math.min(best[name], cpuNsPerEvent(run));
}

// validateEvent runs last, on events kept in memory (keeping them alive earlier would tax the other stages' GC).
const normalized: VigilEvent[] = lines.map((line) => {
  const result = normalize(JSON.parse(line) as unknown, RECEIVED_AT);
  if (!result.ok) throw new Error(`sample event refused: ${result.reason}`);
  return result.event;
});
let validateBest = Number.POSITIVE_INFINITY;
for (let round = 0; round <= ROUNDS; round++) {
  const ns = cpuNsPerEvent(() => {
    for (const event of normalized) sink += validateEvent(event).ok ? 1 : 0;
  });
  if (round > 0) validateBest = Math.min(validateBest, ns);
}
if (sink === 0) throw new Error('nothing measured');

const normalizeNs = best.parseNormalize - best.parse;
const perSec = (ns: number): number => Math.round(1e9 / ns);
const row = (label: string, ns: number): void =>
  console.log(`${label.padEnd(48)} ${ns.toFixed(0).padStart(6)} ns/event  ${perSec(ns).toLocaleString('en-US').padStart(10)} events/s`);

console.log(`${EVENTS} events of ${averageBytes} bytes on average; CPU time, best of ${ROUNDS} interleaved rounds, one core`);
row('JSON.parse', best.parse);
row('JSON.parse + JSON.stringify (baseline ceiling)', best.parseStringify);
row('JSON.parse + normalizeEvent', best.parseNormalize);
row('JSON.parse + normalizeEvent + JSON.stringify', best.parseNormalizeStringify);
row('normalizeEvent alone (difference)', normalizeNs);
row('validateEvent (ajv) on a normalized event', validateBest);
console.log(
  `normalizeEvent costs ${(normalizeNs / best.parse).toFixed(2)}x a JSON.parse of the same event; ` +
    `parse+normalize+stringify runs at ${((best.parseStringify / best.parseNormalizeStringify) * 100).toFixed(0)}% of the JSON-only ceiling`,
);
console.log(
  JSON.stringify({
    bench: 'normalize',
    unit: 'cpu-ns-per-event',
    events: EVENTS,
    avgBytes: averageBytes,
    baselineParseStringifyNs: Math.round(best.parseStringify),
    baselineParseStringifyPerSec: perSec(best.parseStringify),
    parseNs: Math.round(best.parse),
    normalizeNs: Math.round(normalizeNs),
    normalizePerSec: perSec(normalizeNs),
    normalizeToParseRatio: Number((normalizeNs / best.parse).toFixed(2)),
    parseNormalizeStringifyPerSec: perSec(best.parseNormalizeStringify),
    ratioToBaseline: Number((best.parseStringify / best.parseNormalizeStringify).toFixed(3)),
    validateNs: Math.round(validateBest),
    validatePerSec: perSec(validateBest),
  }),
);

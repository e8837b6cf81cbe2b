// npm run bench -- query
// Evaluates a typical correlation-rule query in memory over N events with compileQuery (regexes built once)
// and with matchesQuery (compiled form cached per query object). Baseline, measured in the same run: a
// hand-written JavaScript predicate checking the same conditions.
import { compileQuery, matchesQuery, parseQuery, type VigilEvent } from '@vigil/core';

const COUNT = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const ROUNDS = 5;
const QUERY = 'category:authentication AND success:false AND hostname:web* AND NOT username:(root OR admin) AND "failed password"';

function makeEvents(count: number): VigilEvent[] {
  const events: VigilEvent[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.UTC(2026, 10, 1) + i * 37).toISOString();
    const failed = i % 3 !== 0;
    events.push({
      id: `q-${i}`,
      utctimestamp: time,
      receivedtimestamp: time,
      timestamp: time,
      hostname: `${i % 4 === 0 ? 'db' : 'web'}${i % 64}.example.com`,
      processname: 'sshd',
      processid: String(1000 + (i % 5000)),
      severity: 'INFO',
      summary: `${failed ? 'Failed password' : 'Accepted publickey'} for user${i % 1000} from 10.0.${(i >> 8) & 255}.${i & 255} port ${1024 + (i % 60000)} ssh2`,
      category: i % 5 === 0 ? 'syslog' : 'authentication',
      source: 'sshd',
      tags: ['ssh'],
      details: { username: i % 50 === 0 ? 'root' : `user${i % 1000}`, success: !failed, sourceport: 1024 + (i % 60000) },
    });
  }
  return events;
}

/** The same conditions written by hand, as a rule author without the query language would. */
const failedPassword = /(?<![\p{L}\p{N}])failed[^\p{L}\p{N}]+password(?![\p{L}\p{N}])/iu;
function handWritten(e: VigilEvent): boolean {
  const username = e.details['username'];
  const user = typeof username === 'string' ? username.toLowerCase() : '';
  return (
    e.category.toLowerCase() === 'authentication' &&
    e.details['success'] === false &&
    e.hostname.toLowerCase().startsWith('web') &&
    user !== 'root' &&
    user !== 'admin' &&
    failedPassword.test(e.summary)
  );
}

function rate(predicate: (e: VigilEvent) => boolean, events: readonly VigilEvent[]): { perSec: number; matched: number } {
  let best = 0;
  let matched = 0;
  for (let round = 0; round < ROUNDS; round++) {
    matched = 0;
    const started = process.hrtime.bigint();
    for (const e of events) if (predicate(e)) matched++;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    best = Math.max(best, events.length / seconds);
  }
  return { perSec: best, matched };
}

const parsed = parseQuery(QUERY);
if (!parsed.ok) throw new Error(parsed.reason);
const query = parsed.query;
const events = makeEvents(COUNT);
const compiled = compileQuery(query);
const base = rate(handWritten, events);
const fast = rate(compiled, events);
const cached = rate((e) => matchesQuery(query, e), events);
if (fast.matched !== base.matched || cached.matched !== base.matched) {
  throw new Error(`disagreement: hand-written ${base.matched}, compiled ${fast.matched}, matchesQuery ${cached.matched}`);
}
console.log(`query: ${QUERY}`);
console.log(`events: ${COUNT}, best of ${ROUNDS} rounds, ${base.matched} match`);
console.log(`baseline hand-written predicate: ${Math.round(base.perSec).toLocaleString()} events/s`);
console.log(`compileQuery: ${Math.round(fast.perSec).toLocaleString()} events/s (${((fast.perSec / base.perSec) * 100).toFixed(0)}% of baseline)`);
console.log(`matchesQuery (cached compile): ${Math.round(cached.perSec).toLocaleString()} events/s`);
console.log(
  JSON.stringify({
    bench: 'query',
    events: COUNT,
    matched: base.matched,
    compiledEventsPerSec: Math.round(fast.perSec),
    matchesQueryEventsPerSec: Math.round(cached.perSec),
    baselineHandWrittenEventsPerSec: Math.round(base.perSec),
  }),
);

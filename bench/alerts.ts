// npm run bench -- alerts
// @vigil/plugins-alerts: (1) 100 Sigma rules over a mixed stream, (2) a threshold rule holding 50,000 live group
// keys (rate and heap bytes per key), (3) event-to-alert latency through createPipeline (a store-less, discarding sink).
// Baseline beside each: the bare RxJS Subject rate with no rules, and the event → events$ latency, same run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createPipeline, type CorrelationContext, type EventSink, type VigilEvent } from '@vigil/core';
import { createCorrelationStats, defineRule, parseSigmaRules, sigmaRules, threshold } from '@vigil/plugins-alerts';
import { Subject } from 'rxjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const ctx: CorrelationContext = { pluginName: 'bench', gauge: () => undefined };
const T0 = Date.parse('2026-11-01T00:00:00Z');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

function event(i: number, kind: number, t = T0 + i): VigilEvent {
  const iso = new Date(t).toISOString();
  const base = { id: `e${i}`, utctimestamp: iso, receivedtimestamp: iso, timestamp: iso, hostname: `host${i % 500}`, processid: '', severity: 'INFO' as const, tags: [] as string[] };
  switch (kind % 4) {
    case 0:
      return { ...base, processname: 'audispd', category: 'auditd', source: 'auditd', summary: 'Execve', details: { syscall: 'execve', exe: i % 97 === 0 ? '/tmp/x' : '/usr/bin/ls', cmdline: `ls -la /var/log/app${i % 50}`, username: `u${i % 40}`, auid: '1000' } };
    case 1:
      return { ...base, processname: 'sshd', category: 'authentication', source: 'syslog', summary: `Failed password for u${i % 40}`, details: { username: `u${i % 40}`, sourceipaddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, success: i % 3 === 0 } };
    case 2:
      return { ...base, processname: 'cloudtrail', category: 'cloudtrail', source: 'cloudtrail', summary: 'DescribeInstances', details: { eventname: i % 1000 === 0 ? 'StopLogging' : 'DescribeInstances', eventsource: 'ec2.amazonaws.com', useridentitytype: 'IAMUser', sourceipaddress: '198.51.100.7' } };
    default:
      return { ...base, processname: 'squid', category: 'proxy', source: 'squid', summary: 'GET', details: { url: `http://example.com/p${i % 300}.html`, host: 'example.com', destinationport: 80, method: 'GET', sourceipaddress: '10.0.0.5' } };
  }
}

/** 100 Sigma rules in the shapes SigmaHQ uses: process_creation, auditd, sshd, cloudtrail, proxy. */
function hundredRules(): string {
  const docs: string[] = [];
  for (let i = 0; i < 100; i++) {
    const k = i % 5;
    const head = `title: Bench rule ${i}\nid: bench-${i}\nlevel: medium\n`;
    if (k === 0) docs.push(`${head}logsource: {product: linux, category: process_creation}\ndetection:\n  sel:\n    Image|endswith: ['/nc${i}', '/ncat${i}', '/socat${i}']\n  filter:\n    User: root\n  condition: sel and not filter`);
    else if (k === 1) docs.push(`${head}logsource: {product: linux, category: process_creation}\ndetection:\n  sel_a:\n    CommandLine|contains|all: ['base64 -d', 'tool${i}']\n  sel_b:\n    CommandLine|re: 'wget\\s+http://bad${i}\\.'\n  condition: 1 of sel_*`);
    else if (k === 2) docs.push(`${head}logsource: {product: linux, service: sshd}\ndetection:\n  sel:\n    User|startswith: 'svc_${i}'\n    success: true\n    SourceIp|cidr: '172.${16 + (i % 16)}.0.0/16'\n  condition: sel`);
    else if (k === 3) docs.push(`${head}logsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName: ['StopLogging', 'Delete${i}Trail']\n    eventSource: cloudtrail.amazonaws.com\n  condition: sel`);
    else docs.push(`${head}logsource: {category: proxy}\ndetection:\n  sel:\n    c-uri|endswith: ['.exe${i}', '.ps1${i}']\n  keywords:\n    - 'evil${i}'\n  condition: sel or keywords`);
  }
  return docs.join('\n---\n');
}

async function sigmaBench(): Promise<{ rate: number; baseline: number; alerts: number }> {
  const N = Number(process.env['BENCH_EVENTS'] ?? 200_000);
  const events = Array.from({ length: N }, (_, i) => event(i, i));
  const plugin = sigmaRules(parseSigmaRules(hundredRules()), { throttle: 0 });
  const bare = (): number => {
    const s = new Subject<VigilEvent>();
    let n = 0;
    s.subscribe(() => n++);
    const t = process.hrtime.bigint();
    for (const e of events) s.next(e);
    const sec = Number(process.hrtime.bigint() - t) / 1e9;
    if (n !== N) throw new Error('lost events');
    return N / sec;
  };
  let alerts = 0;
  const ruled = (): number => {
    const s = new Subject<VigilEvent>();
    const sub = plugin.correlate(s, ctx).subscribe(() => alerts++);
    const t = process.hrtime.bigint();
    for (const e of events) s.next(e);
    const sec = Number(process.hrtime.bigint() - t) / 1e9;
    sub.unsubscribe();
    return N / sec;
  };
  bare();
  ruled();
  const b: number[] = [];
  const r: number[] = [];
  alerts = 0;
  for (let i = 0; i < 3; i++) {
    b.push(bare());
    r.push(ruled());
  }
  return { rate: median(r), baseline: median(b), alerts: alerts / 3 };
}

async function thresholdBench(): Promise<{ rate: number; baseline: number; bytesPerKey: number; liveKeys: number; evictions: number; heapGrowthAfterMaxKeysMB: number }> {
  const KEYS = 50_000;
  const N = 200_000;
  const mk = (i: number): VigilEvent => event(i * 4 + 1, 1, T0 + i); // all sshd; key = i % KEYS below
  const events = Array.from({ length: N }, (_, i) => {
    const e = mk(i);
    e.details['sourceipaddress'] = `k${i % KEYS}`;
    e.details['success'] = false;
    return e;
  });
  const stats = createCorrelationStats();
  const bare = (): number => {
    const s = new Subject<VigilEvent>();
    s.subscribe(() => undefined);
    const t = process.hrtime.bigint();
    for (const e of events) s.next(e);
    return N / (Number(process.hrtime.bigint() - t) / 1e9);
  };
  bare();
  const baseline = median([bare(), bare(), bare()]);
  const run = (measure: boolean): { rate: number; sub: { unsubscribe(): void }; s: Subject<VigilEvent> } => {
    const s = new Subject<VigilEvent>();
    // Count 10 in 1 h: with 4 events per key nothing fires, so all 50,000 keys stay live.
    const sub = s.pipe(threshold({ where: 'details.success:false', groupBy: 'details.sourceipaddress', count: 10, windowMs: 3_600_000, maxKeys: KEYS, ...(measure ? { stats } : {}) })).subscribe();
    const t = process.hrtime.bigint();
    for (const e of events) s.next(e);
    return { rate: N / (Number(process.hrtime.bigint() - t) / 1e9), sub, s };
  };
  run(false).sub.unsubscribe(); // warm up the JIT on a throwaway instance
  gc();
  const before = process.memoryUsage().heapUsed;
  const { rate, sub, s } = run(true);
  gc();
  const after = process.memoryUsage().heapUsed;
  // Bounded: 2 × 100,000 events on new keys evict instead of growing; compare the heap after each half.
  const more = (from: number): number => {
    for (let i = 0; i < 100_000; i++) {
      const e = mk(N + from + i);
      e.details['sourceipaddress'] = `n${from + i}`;
      e.details['success'] = false;
      s.next(e);
    }
    gc();
    return process.memoryUsage().heapUsed;
  };
  const half = more(0);
  const afterMore = more(100_000);
  sub.unsubscribe();
  void half;
  return { rate, baseline, bytesPerKey: Math.round((after - before) / KEYS), liveKeys: stats.liveKeys, evictions: stats.evictions, heapGrowthAfterMaxKeysMB: Number(((afterMore - half) / 1e6).toFixed(1)) };
}

async function latencyBench(): Promise<{ p50: number; p99: number; baseP50: number; baseP99: number; n: number }> {
  const N = 2000;
  const rule = defineRule({ id: 'bench-root', detect: { type: 'match', where: 'details.username:root AND details.success:true' } });
  const discard: EventSink = { name: 'sink:discard', write: async (events) => ({ written: events.length, duplicates: 0, failed: [] }) };
  const pipeline = createPipeline({ sinks: [discard], correlation: [rule], onError: () => undefined });
  await pipeline.start();
  const sentAt = new Map<string, bigint>();
  const toAlert: number[] = [];
  const toEvent: number[] = [];
  pipeline.events$.subscribe((e) => {
    const t = sentAt.get(e.id);
    if (t !== undefined) toEvent.push(Number(process.hrtime.bigint() - t) / 1e6);
  });
  pipeline.alerts$.subscribe((a) => {
    const id = a.events[0]?.id;
    const t = id === undefined ? undefined : sentAt.get(id);
    if (t !== undefined) toAlert.push(Number(process.hrtime.bigint() - t) / 1e6);
  });
  for (let i = 0; i < N; i++) {
    const id = `lat-${i}`;
    sentAt.set(id, process.hrtime.bigint());
    await pipeline.ingest([{ id, summary: 'Accepted publickey for root', hostname: 'h', processname: 'sshd', category: 'authentication', details: { username: 'root', success: true } }], 'bench');
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  for (let i = 0; i < 200 && toAlert.length < N; i++) await new Promise((r) => setTimeout(r, 10));
  await pipeline.shutdown();
  const warm = (xs: number[]) => xs.slice(100);
  return { p50: pct(warm(toAlert), 50), p99: pct(warm(toAlert), 99), baseP50: pct(warm(toEvent), 50), baseP99: pct(warm(toEvent), 99), n: toAlert.length };
}

const sigma = await sigmaBench();
console.log(`sigma: 100 rules over a mixed stream: ${Math.round(sigma.rate).toLocaleString()} events/s (bare Subject ${Math.round(sigma.baseline).toLocaleString()} events/s); target ≥100,000 → ${sigma.rate >= 100_000 ? 'met' : 'NOT met'}`);
const th = await thresholdBench();
console.log(`threshold: 50,000 live keys: ${Math.round(th.rate).toLocaleString()} events/s (bare ${Math.round(th.baseline).toLocaleString()}); ${th.bytesPerKey} heap bytes per key (4 events held per key); target ≥200,000 → ${th.rate >= 200_000 ? 'met' : 'NOT met'}`);
console.log(`threshold: bounded at maxKeys: ${th.liveKeys} live keys, ${th.evictions} evictions, heap growth from 100,000 to 200,000 further new keys (at maxKeys) ${th.heapGrowthAfterMaxKeysMB} MB`);
const lat = await latencyBench();
console.log(`latency: event → alert through createPipeline (store-less): p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms over ${lat.n} alerts (event → events$: p50 ${lat.baseP50.toFixed(2)} ms, p99 ${lat.baseP99.toFixed(2)} ms); target p99 ≤ 50 ms → ${lat.p99 <= 50 ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'alerts',
    sigma100EventsPerSec: Math.round(sigma.rate),
    sigmaBaselineSubjectEventsPerSec: Math.round(sigma.baseline),
    thresholdEventsPerSec: Math.round(th.rate),
    thresholdBaselineSubjectEventsPerSec: Math.round(th.baseline),
    thresholdBytesPerKey: th.bytesPerKey,
    thresholdLiveKeys: th.liveKeys,
    thresholdEvictions: th.evictions,
    thresholdHeapGrowthAfterMaxKeysMB: th.heapGrowthAfterMaxKeysMB,
    latencyP50Ms: Number(lat.p50.toFixed(2)),
    latencyP99Ms: Number(lat.p99.toFixed(2)),
    latencyBaselineToEventsP50Ms: Number(lat.baseP50.toFixed(2)),
    latencyBaselineToEventsP99Ms: Number(lat.baseP99.toFixed(2)),
  }),
);

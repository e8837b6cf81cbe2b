// npm run bench -- enrich
// The enrichment preset (@vigil/plugins-enrich defaultPreset: hygiene, sshd/su/sudo, auditd, Zeek, Suricata,
// CloudTrail, …, ipFixup, geoip with the bundled DB-IP country database, dots in keys) over a mixed corpus —
// sshd syslog lines, auditd record batches, Zeek JSON, CloudTrail records, plain MozDef-style JSON — in one process.
// Measured three ways in the same run:
//   1. core's createPipeline (parse → normalize → validate → sink) with NO plugins, in its default batches of 500 as
//      `vigil serve` runs it (inputs arrive 5,000 per ingest call, as a /_bulk request would bring them): the bare rate;
//   2. the same pipeline with the preset;
//   3. the preset alone in a plain loop over already-normalized events, applied as the pipeline does
//      (priority order, registration check), against the same loop with no plugins (a structuredClone only).
// Rates are given per CPU-second of this process (process.cpuUsage, user + system) — what one core does, even on a
// machine shared with other work — and per wall-clock second. The process runs with the V8 tuning `vigil serve`
// applies (core's tuneRuntime: allocation-site pretenuring off); VIGIL_V8_PRETENURING=keep measures V8's default.
// Target (the issue's): the whole pipeline with the preset at ≥ 100,000 events per CPU-second; the preset alone
// should cost at most ~5 µs per event (≥ 200,000/CPU-s in the loop) to leave room for the bare pipeline.
import { createNormalizer, createPipeline, tuneRuntime, type EnrichmentPlugin, type EventSink, type VigilEvent } from '@vigil/core';
import { loadavg } from 'node:os';
import { defaultPreset } from '@vigil/plugins-enrich';

// The V8 tuning `vigil serve` runs with (VIGIL_V8_PRETENURING=keep measures V8's default).
const tuning = tuneRuntime();
const COUNT = Number(process.env['BENCH_EVENTS'] ?? 30_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
// Distinct addresses in the corpus: real logs repeat addresses (scanners, users, servers), which geoip's LRU and the
// address classifier's cache exploit. BENCH_ADDRESSES=30000 makes every address distinct (the worst case).
const ADDRESSES = Number(process.env['BENCH_ADDRESSES'] ?? 5000);
const BATCH = 5000;

function sample(i: number): unknown {
  const p = (i * 7919) % ADDRESSES;
  const a = `${(p >> 8) & 255}.${p & 255}`;
  switch (i % 10) {
    case 0:
      return { message: `Jan 12 06:25:43 bastion${i % 7} sshd[${1000 + (i % 5000)}]: Failed password for invalid user admin${i % 50} from 203.0.${a} port ${1024 + (i % 60000)} ssh2` };
    case 1:
      return { message: `Jan 12 06:25:44 bastion${i % 7} sshd[${1000 + (i % 5000)}]: Accepted publickey for alice from 8.8.${a} port 51122 ssh2: ED25519 SHA256:Zl3b4Q1f0H0mZC9nBqO3xS6zq1m7eR0k0gq5Zf1m1zI` };
    case 2:
      return {
        message: [
          `type=SYSCALL msg=audit(1700000000.${i % 1000}:${i}): arch=c000003e syscall=59 success=yes exit=0 a0=55d4 a1=55d5 a2=55d6 a3=0 items=2 ppid=1200 pid=${i} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=4 comm="ls" exe="/usr/bin/ls" key="exec"`,
          `type=EXECVE msg=audit(1700000000.${i % 1000}:${i}): argc=3 a0="ls" a1="-la" a2=2F746D702F6D7920646972`,
          `type=CWD msg=audit(1700000000.${i % 1000}:${i}): cwd="/root"`,
          `type=PROCTITLE msg=audit(1700000000.${i % 1000}:${i}): proctitle=6C73002D6C61002F746D702F6D7920646972`,
        ].join('\n'),
      };
    case 3:
      return { ts: 1591367999.305988 + i, uid: `C${i}`, 'id.orig_h': `192.168.${a}`, 'id.orig_p': 36844, 'id.resp_h': `31.3.${a}`, 'id.resp_p': 443, proto: 'tcp', service: 'ssl', duration: 0.0668, orig_bytes: 62, resp_bytes: 141, conn_state: 'SF', history: 'ShADadFf', orig_pkts: 2, resp_pkts: 2 };
    case 4:
      return { ts: 1591367999.306059 + i, uid: `C${i}`, 'id.orig_h': `192.168.${a}`, 'id.orig_p': 36844, 'id.resp_h': '192.168.4.1', 'id.resp_p': 53, proto: 'udp', trans_id: 8555, query: `host${i}.example.com`, qtype_name: 'A', rcode_name: 'NOERROR', answers: ['31.3.245.133'] };
    case 5:
      return { eventVersion: '1.08', userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::123456789012:user/user${i % 100}`, accountId: '123456789012', userName: `user${i % 100}` }, eventTime: '2024-03-06T21:22:54Z', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', awsRegion: 'us-east-2', sourceIPAddress: `52.95.${a}`, userAgent: 'aws-cli/2.15.0', requestParameters: { maxResults: 100 }, responseElements: null, eventID: `e-${i}`, readOnly: true };
    case 6:
      return { timestamp: '2017-04-07T22:24:37.251547+0100', flow_id: i, event_type: 'alert', src_ip: `10.2.${a}`, src_port: 50096, dest_ip: `209.53.${a}`, dest_port: 80, proto: 'TCP', alert: { action: 'allowed', gid: 1, signature_id: 2018358, rev: 10, signature: 'ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1', category: 'Potentially Bad Traffic', severity: 2 }, app_proto: 'http' };
    default:
      return { summary: `user login ok for bob${i % 100}`, category: 'authentication', hostname: `web${i % 20}.example.com`, processname: 'app', severity: 'INFO', tags: ['app'], details: { username: `bob${i % 100}`, srcip: `10.1.${a}`, success: true, 'http.method': 'POST', UserAgent: 'Mozilla/5.0' } };
  }
}

const lines = Array.from({ length: COUNT }, (_, i) => JSON.stringify(sample(i)));
const avgBytes = Math.round(lines.reduce((n, l) => n + l.length, 0) / lines.length);
const sink = (): EventSink => ({
  name: 'sink:count',
  async write(events) {
    return { written: events.length, duplicates: 0, failed: [] };
  },
});

interface Rate {
  cpu: number;
  wall: number;
  out: number;
}

function clock(): () => { cpu: number; wall: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { cpu: (cpu.user + cpu.system) / 1e6, wall: Number(process.hrtime.bigint() - wall0) / 1e9 };
  };
}

async function pipelineRun(enrichment: EnrichmentPlugin[]): Promise<Rate> {
  let out = 0;
  const pipeline = createPipeline({ sinks: [sink()], enrichment, sinkConcurrency: 1 });
  const sub = pipeline.events$.subscribe(() => out++);
  await pipeline.start();
  const stop = clock();
  for (let offset = 0; offset < COUNT; offset += BATCH) {
    const batch = new Array<unknown>(Math.min(BATCH, COUNT - offset));
    for (let i = 0; i < batch.length; i++) batch[i] = JSON.parse(lines[offset + i]!);
    await pipeline.ingest(batch, 'bench');
  }
  const { cpu, wall } = stop();
  await pipeline.shutdown();
  sub.unsubscribe();
  return { cpu: COUNT / cpu, wall: COUNT / wall, out };
}

const normalize = createNormalizer();
const normalized: VigilEvent[] = lines.map((l) => {
  const r = normalize(JSON.parse(l));
  if (!r.ok) throw new Error(r.reason);
  return r.event;
});

function registered(plugin: EnrichmentPlugin, event: VigilEvent): boolean {
  const reg = plugin.registration;
  return typeof reg === 'function' ? reg(event) : reg.includes('*');
}

/**
 * The preset applied the way core's EnrichmentChain applies it: priority order, registration predicate, one event
 * at a time with no allocation unless a plugin splits (then each part continues from the next plugin).
 * All preset hooks are synchronous.
 */
function runFrom(ordered: EnrichmentPlugin[], event: VigilEvent, index: number, context: { pluginName: string }): number {
  let current = event;
  for (let i = index; i < ordered.length; i++) {
    const plugin = ordered[i]!;
    if (!registered(plugin, current)) continue;
    const r = plugin.enrich(current, context) as VigilEvent | VigilEvent[] | null;
    if (r === null) return 0;
    if (Array.isArray(r)) {
      let n = 0;
      for (const part of r) n += runFrom(ordered, part, i + 1, context);
      return n;
    }
    current = r;
  }
  return 1;
}

function loopRun(plugins: EnrichmentPlugin[]): Rate {
  const ordered = [...plugins].sort((a, b) => (a.priority ?? 50) - (b.priority ?? 50));
  const inputs = normalized.map((e) => structuredClone(e));
  let out = 0;
  const context = { pluginName: '' };
  const stop = clock();
  for (const input of inputs) out += runFrom(ordered, input, 0, context);
  const { cpu, wall } = stop();
  return { cpu: COUNT / cpu, wall: COUNT / wall, out };
}

const preset = defaultPreset();
for (const p of preset) await p.start?.();
// Warm up every path (the JIT and geoip's cache reach steady state), then alternate rounds so each sees the
// same machine state.
for (let w = 0; w < 2; w++) {
  await pipelineRun([]);
  await pipelineRun(preset);
  loopRun([]);
  loopRun(preset);
}
const bare: Rate[] = [];
const enriched: Rate[] = [];
const loopBare: Rate[] = [];
const loopPreset: Rate[] = [];
for (let r = 0; r < ROUNDS; r++) {
  bare.push(await pipelineRun([]));
  enriched.push(await pipelineRun(preset));
  loopBare.push(loopRun([]));
  loopPreset.push(loopRun(preset));
}
for (const p of preset) await p.shutdown?.();
const median = (xs: Rate[], key: 'cpu' | 'wall'): number => xs.map((x) => x[key]).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString().padStart(9);
const line = (label: string, xs: Rate[]): void => console.log(`${label.padEnd(36)} ${fmt(median(xs, 'cpu'))} events/CPU-s ${fmt(median(xs, 'wall'))} events/wall-s`);
console.log(`events: ${COUNT} × ${ROUNDS} rounds, ${ADDRESSES} distinct addresses per field, ~${avgBytes} bytes each (sshd 20%, auditd 10%, Zeek 20%, CloudTrail 10%, Suricata 10%, plain JSON 30%); V8 pretenuring ${tuning.pretenuring}; load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`preset: ${preset.map((p) => p.name.replace('enrich:', '')).join(' → ')}`);
line('pipeline, no plugins (bare)', bare);
line('pipeline + default preset', enriched);
line('loop, no plugins', loopBare);
line('loop + default preset (enrichment)', loopPreset);
const b = median(bare, 'cpu');
const e = median(enriched, 'cpu');
const lp = median(loopPreset, 'cpu');
console.log(`events out of the preset: ${enriched[0]!.out} (auditd batches and nothing dropped: one out per input)`);
console.log(`pipeline with preset: ${((e / b) * 100).toFixed(0)}% of the bare pipeline's rate`);
console.log(`target: whole pipeline with preset ≥ 100,000 events/CPU-s → ${e >= 100_000 ? 'met' : 'NOT met'} (${Math.round(e).toLocaleString()}/CPU-s); the preset alone costs ${(1e6 / lp).toFixed(1)} µs per event (${Math.round(lp).toLocaleString()}/CPU-s)`);
console.log(JSON.stringify({ bench: 'enrich', events: COUNT, addresses: ADDRESSES, avgBytes, pretenuring: tuning.pretenuring, nodeOptions: process.env['NODE_OPTIONS'] ?? '', loadAverage: Number(loadavg()[0]!.toFixed(1)), bareCpuEventsPerSec: Math.round(b), pipelinePresetCpuEventsPerSec: Math.round(e), loopBareCpuEventsPerSec: Math.round(median(loopBare, 'cpu')), loopPresetCpuEventsPerSec: Math.round(lp), bareWallEventsPerSec: Math.round(median(bare, 'wall')), pipelinePresetWallEventsPerSec: Math.round(median(enriched, 'wall')), loopPresetWallEventsPerSec: Math.round(median(loopPreset, 'wall')), presetRatio: Number((e / b).toFixed(3)) }));

// Fan-out benchmark: N real agent runtimes (default 1,000, spread over 4 child processes, each agent with its own
// durable queue on a real RabbitMQ) receive one signed action, verify its OpenPGP signature and the ACL, run a
// module in the worker pool (sha256 of a small real file) and answer. Measured: time from dispatch to the last result
// (median of the warm actions; the first, cold action is reported beside it). Baseline in the same run: raw amqplib
// publish -> consume -> reply over the same number of durable queues, same processes, without verification or modules,
// through the default exchange; and the same again over the agents' MIG topology (topic exchanges `toagents` and
// `toschedulers`, two bindings per queue, confirmed replies), which is what the broker cannot avoid doing for them.
//
//   npm run bench -- fanout                      1,000 agents on the broker at VIGIL_AMQP_URL (the shared one here)
//   npm run bench -- fanout 1000 10000           1,000 there, and 10,000 on a private RabbitMQ node the bench starts
//   npm run bench -- fanout 10000 --private-broker [--broker-open-files 20000] [--rounds 3]
//   npm run bench -- fanout 10000 --force        10,000 on VIGIL_AMQP_URL: only on a broker sized for it (below)
//   npm run bench -- fanout 10000 --broker-open-files 1024 --transient-actions   what transient actions change
//
// Why more than 2,000 agents go to a node of the bench's own: RabbitMQ 3.10 keeps an open file for each classic
// queue that holds a persistent message (its queue index), through a file-handle cache bounded by the node's
// `ulimit -n`. The shared broker here runs with 1,024 (927 usable): at 10,000 queues the cache thrashes, a raw
// persistent round trip takes 90–170 s instead of 2–3 s and every other user's queue declarations slow to ~90 ms.
// The private node gets a limit that fits (`--broker-open-files`, default 20,000), see docs/investigations.md.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { generateKey, readKey } from 'openpgp';
import {
  agentQueueName,
  createActionVerifier,
  createAgent,
  createAmqpConnection,
  createAmqpAgentTransport,
  createAmqpInvestigatorTransport,
  createInvestigator,
  createModuleRunner,
  keySigner,
  loadKeyring,
  loadModules,
  parseAcl,
} from '@vigil/agent-sdk';
import type { Agent, AgentEnvironment, AmqpTopology } from '@vigil/agent-sdk';
import { machineBusyMs, processCpuMs, processRssMb } from './internal/procStats';
import { startPrivateBroker } from './internal/privateBroker';
import type { PrivateBroker } from './internal/privateBroker';

const SHARED_URL = process.env['VIGIL_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const PROCESSES = Number(process.env['FANOUT_PROCESSES'] ?? 4);
const GROUP = 10;
const MAX_CONNECTIONS = 50; // per child process
const SHARED_MAX_AGENTS = 2000; // above this, a private broker node unless --force

// The module the agents run, self-contained so worker threads import it straight from a data: URL.
const MODULE_SOURCE = `
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
export default {
  name: 'digest',
  description: 'sha256 of a file',
  params: { type: 'object', properties: { path: { type: 'string' }, expect: { type: 'string' } }, required: ['path', 'expect'] },
  async run(params) {
    const sha256 = createHash('sha256').update(await readFile(params.path)).digest('hex');
    return { foundanything: sha256 === params.expect, success: true, elements: { sha256 }, statistics: null, errors: [] };
  },
};`;
const MODULE_URL = `data:text/javascript;base64,${Buffer.from(MODULE_SOURCE).toString('base64')}`;

interface StartAgents {
  cmd: 'agents';
  url: string;
  ids: string[];
  topology: AmqpTopology;
  publicKey: string;
  acl: unknown;
}
interface StartRaw {
  cmd: 'raw';
  url: string;
  queues: string[];
  replyQueue: string;
  /** The MIG topology: each queue bound to `toAgents` (`agt.<queue>`, `discover`), replies confirmed on `toSchedulers`. */
  topology?: AmqpTopology;
}
type ChildCommand = StartAgents | StartRaw | { cmd: 'cpu' } | { cmd: 'stop' };
interface ChildAnswer {
  ready?: number;
  rss?: number;
  cpuMs?: number;
  stopped?: boolean;
  error?: string;
}

// ---------------------------------------------------------------- child: hosts agents or raw consumers
async function child(): Promise<void> {
  let closeAll: () => Promise<void> = async () => undefined;
  process.on('message', (message: ChildCommand) => {
    void (async () => {
      if (message.cmd === 'cpu') {
        const { user, system } = process.cpuUsage(); // every thread of the process, module workers included
        process.send?.({ cpuMs: (user + system) / 1000 });
        return;
      }
      if (message.cmd === 'stop') {
        await closeAll();
        process.send?.({ stopped: true });
        process.exit(0);
      }
      if (message.cmd === 'agents') {
        const registry = await loadModules({ specifier: MODULE_URL, exportName: 'default' });
        const runner = createModuleRunner({ registry, concurrency: 1, timeoutMs: 30_000 });
        const keyring = await loadKeyring(message.publicKey);
        const acl = parseAcl(message.acl);
        if (!acl.ok) throw new Error(acl.reason);
        // One AMQP connection per group of agents: queue declarations are round trips, serialized per channel.
        const groups = Math.min(MAX_CONNECTIONS, Math.ceil(message.ids.length / GROUP));
        const connections = await Promise.all(
          Array.from({ length: groups }, (_, g) => createAmqpConnection({ url: message.url, topology: message.topology, name: `bench-agents-${process.pid}-${g}` })),
        );
        const agents: Agent[] = [];
        for (let i = 0; i < message.ids.length; i += GROUP * groups) {
          const batch = message.ids.slice(i, i + GROUP * groups);
          agents.push(
            ...(await Promise.all(
              batch.map(async (id, k) => {
                const connection = connections[k % groups] as (typeof connections)[number];
                const agent = createAgent({
                  transport: createAmqpAgentTransport({ connection, queueExpiresMs: 300_000 }),
                  verifier: createActionVerifier({ keyring, acl: acl.acl }),
                  runner,
                  environment: { id, hostname: `${id}.bench`, tags: { env: 'bench' } },
                  heartbeatIntervalMs: 3_600_000,
                });
                await agent.start();
                return agent;
              }),
            )),
          );
        }
        closeAll = async () => {
          await Promise.all(agents.map((a) => a.stop()));
          await Promise.all(
            connections.map(async (connection, g) => {
              const ch = await connection.channel();
              for (let k = g; k < message.ids.length; k += groups) await ch.deleteQueue(agentQueueName(message.topology, message.ids[k] as string));
              await connection.close();
            }),
          );
          await runner.close();
        };
        process.send?.({ ready: agents.length, rss: process.memoryUsage().rss });
      }
      if (message.cmd === 'raw') {
        const groups = Math.min(MAX_CONNECTIONS, Math.ceil(message.queues.length / GROUP));
        const conns = await Promise.all(Array.from({ length: groups }, () => connect(message.url)));
        const topology = message.topology;
        const channels = await Promise.all(conns.map((c) => (topology === undefined ? c.createChannel() : c.createConfirmChannel())));
        await Promise.all(
          channels.map(async (ch, g) => {
            await ch.prefetch(1, false);
            for (let k = g; k < message.queues.length; k += groups) {
              const q = message.queues[k] as string;
              await ch.assertQueue(q, { durable: true, expires: 300_000 });
              if (topology !== undefined) {
                await ch.bindQueue(q, topology.toAgents, `agt.${q}`);
                await ch.bindQueue(q, topology.toAgents, 'discover');
              }
              await ch.consume(q, (m) => {
                if (m === null) return;
                if (topology === undefined) ch.sendToQueue(message.replyQueue, m.content, { persistent: true });
                else ch.publish(topology.toSchedulers, `result.${q}`, m.content, { persistent: true }, () => undefined);
                ch.ack(m);
              });
            }
          }),
        );
        closeAll = async () => {
          await Promise.all(
            channels.map(async (ch, g) => {
              for (let k = g; k < message.queues.length; k += groups) await ch.deleteQueue(message.queues[k] as string);
            }),
          );
          await Promise.all(conns.map((c) => c.close()));
        };
        process.send?.({ ready: message.queues.length, rss: process.memoryUsage().rss });
      }
    })().catch((error: unknown) => {
      process.send?.({ error: (error as Error).stack ?? String(error) });
    });
  });
}

// ---------------------------------------------------------------- parent
function startChildren(): ChildProcess[] {
  return Array.from({ length: PROCESSES }, () => fork(new globalThis.URL(import.meta.url).pathname, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
}

function ask(c: ChildProcess, command: ChildCommand): Promise<ChildAnswer> {
  return new Promise((resolve, reject) => {
    const on = (m: ChildAnswer) => {
      c.off('message', on);
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m);
    };
    c.on('message', on);
    c.send(command);
  });
}

function split<T>(list: readonly T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, p) => list.filter((_, i) => i % parts === p));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Where the machine's CPU went during one measured round: the children, this process, the broker, everyone else. */
interface CpuSplit {
  children: number;
  parent: number;
  broker?: number;
  others: number;
}

async function cpuMeter(children: readonly ChildProcess[], brokerPid: number | undefined): Promise<() => Promise<CpuSplit>> {
  const childCpu = async () => (await Promise.all(children.map((c) => ask(c, { cmd: 'cpu' })))).reduce((s, a) => s + (a.cpuMs ?? 0), 0);
  const parentCpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const [c0, p0, b0, m0] = [await childCpu(), parentCpu(), brokerPid === undefined ? undefined : processCpuMs(brokerPid), machineBusyMs()];
  return async () => {
    const [c1, p1, b1, m1] = [await childCpu(), parentCpu(), brokerPid === undefined ? undefined : processCpuMs(brokerPid), machineBusyMs()];
    const split: CpuSplit = { children: Math.round(c1 - c0), parent: Math.round(p1 - p0), others: 0 };
    if (b0 !== undefined && b1 !== undefined) split.broker = b1 - b0;
    split.others = Math.max(0, Math.round(m1 - m0 - split.children - split.parent - (split.broker ?? 0)));
    return split;
  };
}

interface Broker {
  url: string;
  label: string;
  pid?: number;
}

/** Actions (and the baseline's messages) as persistent messages, the default, or transient ones (--transient-actions). */
let persistent = true;

// Raw amqplib round trips over n durable queues: through the default exchange (the baseline), or through the MIG
// topology the agents use (topic exchanges, two bindings per queue, confirmed replies), which shows what the topology
// itself costs the broker.
async function baseline(broker: Broker, n: number, rounds: number, mig: boolean) {
  const run = randomUUID().slice(0, 8);
  const queues = Array.from({ length: n }, (_, i) => `bench.raw.${run}.${i}`);
  const topology: AmqpTopology | undefined = mig ? { toAgents: `bench.raw.toagents.${run}`, toSchedulers: `bench.raw.toschedulers.${run}`, queuePrefix: `bench.raw.${run}` } : undefined;
  const conn = await connect(broker.url);
  const ch = await conn.createConfirmChannel();
  const { queue: replyQueue } = await ch.assertQueue('', { exclusive: true });
  if (topology !== undefined) {
    await ch.assertExchange(topology.toAgents, 'topic', { durable: true });
    await ch.assertExchange(topology.toSchedulers, 'topic', { durable: true });
    await ch.bindQueue(replyQueue, topology.toSchedulers, 'result.#');
  }
  const children = startChildren();
  try {
    const setup = performance.now();
    await Promise.all(
      split(queues, PROCESSES).map((qs, i) => ask(children[i] as ChildProcess, { cmd: 'raw', url: broker.url, queues: qs, replyQueue, ...(topology === undefined ? {} : { topology }) })),
    );
    const setupMs = performance.now() - setup;
    let replies = 0;
    let done: () => void = () => undefined;
    await ch.consume(replyQueue, () => {
      if (++replies === n) done();
    }, { noAck: true });
    const round = async (): Promise<number> => {
      replies = 0;
      const all = new Promise<void>((r) => (done = r));
      const body = Buffer.from(JSON.stringify({ id: randomUUID(), payload: 'x'.repeat(600) }));
      const t = performance.now();
      if (topology === undefined) for (const q of queues) ch.sendToQueue(q, body, { persistent });
      else for (const q of queues) ch.publish(topology.toAgents, `agt.${q}`, body, { persistent });
      await ch.waitForConfirms();
      await all;
      return performance.now() - t;
    };
    const coldMs = await round(); // the first message each queue holds is cold, like the fan-out's first action
    const warm: number[] = [];
    let cpu: CpuSplit | undefined;
    for (let r = 0; r < rounds; r++) {
      const stop = await cpuMeter(children, broker.pid);
      warm.push(await round());
      cpu ??= await stop();
    }
    return { ms: median(warm), warm, coldMs, setupMs, cpu: cpu as CpuSplit };
  } finally {
    await Promise.all(children.map((c) => ask(c, { cmd: 'stop' }).catch(() => undefined)));
    if (topology !== undefined) {
      await ch.deleteExchange(topology.toAgents);
      await ch.deleteExchange(topology.toSchedulers);
    }
    await conn.close();
  }
}

async function fanout(broker: Broker, n: number, rounds: number, key: { armoredPrivateKey: string }, publicKey: string, fingerprint: string, file: string, expect: string) {
  const run = randomUUID().slice(0, 8);
  const topology: AmqpTopology = { toAgents: `bench.toagents.${run}`, toSchedulers: `bench.toschedulers.${run}`, queuePrefix: `bench.${run}` };
  const ids = Array.from({ length: n }, (_, i) => `agent-${i}`);
  const acl = { default: { minimumweight: 1, investigators: { Bench: { fingerprint, weight: 1 } } } };
  const children = startChildren();
  const investigatorConnection = await createAmqpConnection({ url: broker.url, topology, name: 'bench-investigator' });
  try {
    const setup = performance.now();
    const answers = await Promise.all(split(ids, PROCESSES).map((part, i) => ask(children[i] as ChildProcess, { cmd: 'agents', url: broker.url, ids: part, topology, publicKey, acl })));
    const setupMs = performance.now() - setup;
    const rssMb = answers.reduce((s, a) => s + (a.rss ?? 0), 0) / 1024 / 1024;
    const signer = keySigner([key]);
    const investigator = createInvestigator({ transport: createAmqpInvestigatorTransport({ connection: investigatorConnection, persistentActions: persistent }), signer: async (a) => a });
    await investigator.start();
    const agents: AgentEnvironment[] = ids.map((id) => ({ id, hostname: `${id}.bench`, os: process.platform, arch: process.arch, addresses: [], tags: { env: 'bench' }, version: '0.1.0', pid: 0, starttime: '' }));
    const dispatch = async () => {
      // Signed before the clock starts: the figure is dispatch -> last result.
      const action = await signer(
        investigator.buildAction({ name: 'fanout digest', target: 'tags.env == "bench"', operations: [{ module: 'digest', parameters: { path: file, expect } }], expiresInMs: 300_000 }),
      );
      const dispatchedAt = Date.now();
      const t = performance.now();
      const report = await investigator.run(action, { agents, timeoutMs: 240_000 });
      const ms = performance.now() - t;
      // Where the time went, from the agents' own clocks (same machine): delivery, verification + module, return.
      const received = report.results.map((r) => Date.parse(r.receivedtime) - dispatchedAt).sort((a, b) => a - b);
      const finished = report.results.map((r) => Date.parse(r.finishtime) - dispatchedAt).sort((a, b) => a - b);
      const phases = { firstReceivedMs: received[0] ?? -1, lastReceivedMs: received.at(-1) ?? -1, lastFinishedMs: finished.at(-1) ?? -1 };
      const verified = report.results.filter((r) => r.status === 'success' && r.foundanything).length;
      return { ms, phases, report, verified };
    };
    // The first action each agent sees is cold (JIT, OpenPGP and WebCrypto set-up, and on the broker the first
    // persistent message of each fresh queue creates its index files); agents are daemons, so the figure is the
    // median of the warm actions after it, and the first is reported beside it.
    const cold = await dispatch();
    const warm: Array<Awaited<ReturnType<typeof dispatch>> & { cpu: CpuSplit }> = [];
    for (let r = 0; r < rounds; r++) {
      const stop = await cpuMeter(children, broker.pid);
      const result = await dispatch();
      warm.push({ ...result, cpu: await stop() });
    }
    await investigator.close();
    const brokerRssMb = broker.pid === undefined ? undefined : processRssMb(broker.pid);
    const mid = [...warm].sort((a, b) => a.ms - b.ms)[Math.floor(warm.length / 2)] as (typeof warm)[number];
    const statuses = [...new Set(warm.flatMap((w) => w.report.results.map((r) => `${r.status}${r.code === undefined ? '' : `:${r.code}`}`)))];
    return {
      ms: mid.ms,
      warm: warm.map((w) => w.ms),
      cold,
      mid,
      setupMs,
      rssMb,
      brokerRssMb,
      answered: Math.min(...warm.map((w) => w.report.progress.done)),
      verified: Math.min(...warm.map((w) => w.verified)),
      missing: Math.max(...warm.map((w) => w.report.missing.length)),
      statuses,
    };
  } finally {
    await Promise.all(children.map((c) => ask(c, { cmd: 'stop' }).catch(() => undefined)));
    const conn = await connect(broker.url);
    const ch = await conn.createChannel();
    await ch.deleteExchange(topology.toAgents);
    await ch.deleteExchange(topology.toSchedulers);
    await conn.close();
    await investigatorConnection.close();
  }
}

interface Options {
  sizes: number[];
  privateBroker: boolean;
  force: boolean;
  openFiles: number;
  rounds: number;
  transient: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { sizes: [], privateBroker: false, force: false, openFiles: 20_000, rounds: 3, transient: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`fanout: ${arg} needs a positive integer`);
      return v;
    };
    if (arg === '--private-broker') options.privateBroker = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--transient-actions') options.transient = true;
    else if (arg === '--broker-open-files') options.openFiles = value();
    else if (arg === '--rounds') options.rounds = value();
    else if (/^\d+$/.test(arg) && Number(arg) > 0) options.sizes.push(Number(arg));
    else throw new Error(`fanout: unknown argument ${arg}; usage: fanout [agents...] [--private-broker] [--broker-open-files N] [--rounds N] [--transient-actions] [--force]`);
  }
  if (options.sizes.length === 0) options.sizes.push(1000);
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  persistent = !options.transient;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-fanout-'));
  const file = join(dir, 'evidence.bin');
  writeFileSync(file, 'fan-out evidence\n'.repeat(64));
  const { createHash } = await import('node:crypto');
  const expect = createHash('sha256').update('fan-out evidence\n'.repeat(64)).digest('hex');
  const { privateKey, publicKey } = await generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'Bench', email: 'bench@example.org' }], format: 'armored' });
  const fingerprint = (await readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  const figures: Record<string, unknown> = { processes: PROCESSES, cores: (await import('node:os')).availableParallelism(), rounds: options.rounds, persistent_actions: persistent };
  let node: PrivateBroker | undefined;
  const cleanUp = async () => {
    rmSync(dir, { recursive: true, force: true });
    await node?.destroy();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  const shared: Broker = { url: SHARED_URL, label: SHARED_URL.replace(/\/\/[^@/]*@/, '//') };
  try {
    for (const n of options.sizes) {
      let broker = shared;
      if (options.privateBroker || (n > SHARED_MAX_AGENTS && !options.force)) {
        if (node === undefined) {
          const started = performance.now();
          node = await startPrivateBroker({ openFiles: options.openFiles });
          console.log(`private RabbitMQ node ${node.node} at ${node.url}, open files ${node.openFiles}, started in ${(performance.now() - started).toFixed(0)} ms`);
        }
        broker = { url: node.url, label: `private node, open files ${node.openFiles}`, pid: node.pid };
      }
      const loadBefore = loadavg()[0] as number;
      const base = await baseline(broker, n, options.rounds, false);
      const mig = await baseline(broker, n, options.rounds, true);
      for (const [label, b] of [['baseline', base], ['  same over the MIG topology', mig]] as const) {
        console.log(
          `${label} ${n} queues: raw amqplib publish->consume->reply ${b.ms.toFixed(0)} ms (warm ${b.warm.map((m) => m.toFixed(0)).join(', ')}; cold ${b.coldMs.toFixed(0)} ms; setup ${b.setupMs.toFixed(0)} ms)`,
        );
      }
      const result = await fanout(broker, n, options.rounds, { armoredPrivateKey: privateKey }, publicKey, fingerprint, file, expect);
      const loadAfter = loadavg()[0] as number;
      const { phases, cpu } = result.mid;
      console.log(
        `fanout ${n} agents: last of ${result.answered} results after ${result.ms.toFixed(0)} ms (warm ${result.warm.map((m) => m.toFixed(0)).join(', ')}); ${result.verified} verified+found, ${result.missing} missing, statuses ${result.statuses.join(',')} (setup ${result.setupMs.toFixed(0)} ms, agents' RSS ${result.rssMb.toFixed(0)} MB, broker's ${result.brokerRssMb?.toFixed(0) ?? '?'} MB) on ${broker.label}`,
      );
      console.log(`  first (cold) action: ${result.cold.report.progress.done} results after ${result.cold.ms.toFixed(0)} ms`);
      console.log(`  actions reached agents from +${phases.firstReceivedMs} to +${phases.lastReceivedMs} ms; last answer finished at +${phases.lastFinishedMs} ms`);
      const cpuLine = (c: CpuSplit) => `children ${c.children}, parent ${c.parent}, broker ${c.broker ?? '?'}, others ${c.others}`;
      console.log(`  CPU ms during one warm round: fan-out ${cpuLine(cpu)}; baseline ${cpuLine(base.cpu)}; MIG-topology baseline ${cpuLine(mig.cpu)}; load ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`);
      figures[`agents_${n}`] = {
        broker: broker.label,
        dispatch_to_last_result_ms: Math.round(result.ms),
        warm_rounds_ms: result.warm.map(Math.round),
        answered: result.answered,
        verified_and_found: result.verified,
        missing: result.missing,
        cold_first_action_ms: Math.round(result.cold.ms),
        cold_answered: result.cold.report.progress.done,
        first_received_ms: phases.firstReceivedMs,
        last_received_ms: phases.lastReceivedMs,
        last_finished_ms: phases.lastFinishedMs,
        setup_ms: Math.round(result.setupMs),
        child_rss_mb: Math.round(result.rssMb),
        broker_rss_mb: result.brokerRssMb === undefined ? null : Math.round(result.brokerRssMb),
        cpu_ms: { agents: cpu.children, investigator: cpu.parent, broker: cpu.broker ?? null, others: cpu.others },
        baseline_raw_roundtrip_ms: Math.round(base.ms),
        baseline_warm_rounds_ms: base.warm.map(Math.round),
        baseline_cold_ms: Math.round(base.coldMs),
        baseline_setup_ms: Math.round(base.setupMs),
        baseline_cpu_ms: { consumers: base.cpu.children, publisher: base.cpu.parent, broker: base.cpu.broker ?? null, others: base.cpu.others },
        mig_topology_raw_roundtrip_ms: Math.round(mig.ms),
        mig_topology_warm_rounds_ms: mig.warm.map(Math.round),
        mig_topology_setup_ms: Math.round(mig.setupMs),
        mig_topology_cpu_ms: { consumers: mig.cpu.children, publisher: mig.cpu.parent, broker: mig.cpu.broker ?? null, others: mig.cpu.others },
        load_1m: [Number(loadBefore.toFixed(2)), Number(loadAfter.toFixed(2))],
        target_ms: 2000,
      };
    }
  } finally {
    await cleanUp();
  }
  console.log(JSON.stringify({ bench: 'fanout', ...figures }));
}

if (process.argv[2] === '--child') void child();
else
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );

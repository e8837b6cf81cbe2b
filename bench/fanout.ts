// Fan-out benchmark: N real agent runtimes (default 1,000, spread over 4 child processes, each agent with its own
// durable queue on the real RabbitMQ) receive one signed action, verify its OpenPGP signature and the ACL, run a
// module in the worker pool (sha256 of a small real file) and answer. Measured: time from dispatch to the last result.
// Baseline in the same run: raw amqplib publish -> consume -> reply over the same number of queues, same processes,
// without verification or modules. `npm run bench -- fanout [agents...] [--force]`, e.g. `fanout 1000` (default);
// more than 2,000 agents needs --force and a broker of your own.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const URL = process.env['VIGIL_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const PROCESSES = Number(process.env['FANOUT_PROCESSES'] ?? 4);
const GROUP = 10;
const MAX_CONNECTIONS = 50; // per child process

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
  ids: string[];
  topology: AmqpTopology;
  publicKey: string;
  acl: unknown;
}
interface StartRaw {
  cmd: 'raw';
  queues: string[];
  replyQueue: string;
}
type ChildCommand = StartAgents | StartRaw | { cmd: 'stop' };

// ---------------------------------------------------------------- child: hosts agents or raw consumers
async function child(): Promise<void> {
  let closeAll: () => Promise<void> = async () => undefined;
  process.on('message', (message: ChildCommand) => {
    void (async () => {
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
          Array.from({ length: groups }, (_, g) => createAmqpConnection({ url: URL, topology: message.topology, name: `bench-agents-${process.pid}-${g}` })),
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
        const conns = await Promise.all(Array.from({ length: groups }, () => connect(URL)));
        const channels = await Promise.all(conns.map((c) => c.createChannel()));
        await Promise.all(
          channels.map(async (ch, g) => {
            for (let k = g; k < message.queues.length; k += groups) {
              const q = message.queues[k] as string;
              await ch.assertQueue(q, { durable: true, expires: 300_000 });
              await ch.consume(q, (m) => {
                if (m === null) return;
                ch.sendToQueue(message.replyQueue, m.content, { persistent: true });
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

function ask(c: ChildProcess, command: ChildCommand): Promise<{ ready?: number; rss?: number }> {
  return new Promise((resolve, reject) => {
    const on = (m: { ready?: number; rss?: number; stopped?: boolean; error?: string }) => {
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

async function baseline(n: number): Promise<{ ms: number; setupMs: number }> {
  const run = randomUUID().slice(0, 8);
  const queues = Array.from({ length: n }, (_, i) => `bench.raw.${run}.${i}`);
  const conn = await connect(URL);
  const ch = await conn.createConfirmChannel();
  const { queue: replyQueue } = await ch.assertQueue('', { exclusive: true });
  const children = startChildren();
  try {
    const setup = performance.now();
    await Promise.all(split(queues, PROCESSES).map((qs, i) => ask(children[i] as ChildProcess, { cmd: 'raw', queues: qs, replyQueue })));
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
      for (const q of queues) ch.sendToQueue(q, body, { persistent: true });
      await ch.waitForConfirms();
      await all;
      return performance.now() - t;
    };
    await round(); // cold, like the fan-out's first action
    const ms = await round();
    return { ms, setupMs };
  } finally {
    await Promise.all(children.map((c) => ask(c, { cmd: 'stop' }).catch(() => undefined)));
    await conn.close();
  }
}

async function fanout(n: number, key: { armoredPrivateKey: string }, publicKey: string, fingerprint: string, file: string, expect: string) {
  const run = randomUUID().slice(0, 8);
  const topology: AmqpTopology = { toAgents: `bench.toagents.${run}`, toSchedulers: `bench.toschedulers.${run}`, queuePrefix: `bench.${run}` };
  const ids = Array.from({ length: n }, (_, i) => `agent-${i}`);
  const acl = { default: { minimumweight: 1, investigators: { Bench: { fingerprint, weight: 1 } } } };
  const children = startChildren();
  const investigatorConnection = await createAmqpConnection({ url: URL, topology, name: 'bench-investigator' });
  try {
    const setup = performance.now();
    const answers = await Promise.all(split(ids, PROCESSES).map((part, i) => ask(children[i] as ChildProcess, { cmd: 'agents', ids: part, topology, publicKey, acl })));
    const setupMs = performance.now() - setup;
    const rssMb = answers.reduce((s, a) => s + (a.rss ?? 0), 0) / 1024 / 1024;
    const signer = keySigner([key]);
    const investigator = createInvestigator({ transport: createAmqpInvestigatorTransport({ connection: investigatorConnection }), signer: async (a) => a });
    await investigator.start();
    const agents: AgentEnvironment[] = ids.map((id) => ({ id, hostname: `${id}.bench`, os: process.platform, arch: process.arch, addresses: [], tags: { env: 'bench' }, version: '0.1.0', pid: 0, starttime: '' }));
    const dispatch = async () => {
      // Signed before the clock starts: the figure is dispatch -> last result.
      const action = await signer(
        investigator.buildAction({ name: 'fanout digest', target: 'tags.env == "bench"', operations: [{ module: 'digest', parameters: { path: file, expect } }], expiresInMs: 120_000 }),
      );
      const dispatchedAt = Date.now();
      const t = performance.now();
      const report = await investigator.run(action, { agents, timeoutMs: 60_000 });
      const ms = performance.now() - t;
      // Where the time went, from the agents' own clocks (same machine): delivery, verification + module, return.
      const received = report.results.map((r) => Date.parse(r.receivedtime) - dispatchedAt).sort((a, b) => a - b);
      const finished = report.results.map((r) => Date.parse(r.finishtime) - dispatchedAt).sort((a, b) => a - b);
      const phases = { firstReceivedMs: received[0] ?? -1, lastReceivedMs: received.at(-1) ?? -1, lastFinishedMs: finished.at(-1) ?? -1 };
      return { ms, phases, report };
    };
    // The first action each agent process sees is cold (JIT, OpenPGP and WebCrypto set-up); agents are daemons, so the
    // figure is the second action, and the first is reported beside it.
    const cold = await dispatch();
    const { ms, phases, report } = await dispatch();
    await investigator.close();
    const verified = report.results.filter((r) => r.status === 'success' && r.foundanything).length;
    return { ms, coldMs: cold.ms, coldAnswered: cold.report.progress.done, phases, setupMs, rssMb, answered: report.progress.done, verified, missing: report.missing.length, statuses: [...new Set(report.results.map((r) => `${r.status}${r.code === undefined ? '' : `:${r.code}`}`))] };
  } finally {
    await Promise.all(children.map((c) => ask(c, { cmd: 'stop' }).catch(() => undefined)));
    const conn = await connect(URL);
    const ch = await conn.createChannel();
    await ch.deleteExchange(topology.toAgents);
    await ch.deleteExchange(topology.toSchedulers);
    await conn.close();
    await investigatorConnection.close();
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) sizes.push(1000);
  // 10,000 durable queues swamped the shared RabbitMQ 3.10 of the dev machine (declarations slowed to seconds each,
  // for every user of the broker, until the queues expired): larger runs need an explicit --force.
  if (sizes.some((n) => n > 2000) && !process.argv.includes('--force')) {
    console.error('fanout: more than 2,000 agents declares that many durable queues on the broker; add --force on a broker of your own');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-fanout-'));
  const file = join(dir, 'evidence.bin');
  writeFileSync(file, 'fan-out evidence\n'.repeat(64));
  const { createHash } = await import('node:crypto');
  const expect = createHash('sha256').update('fan-out evidence\n'.repeat(64)).digest('hex');
  const { privateKey, publicKey } = await generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'Bench', email: 'bench@example.org' }], format: 'armored' });
  const fingerprint = (await readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  const figures: Record<string, unknown> = { processes: PROCESSES };
  try {
    for (const n of sizes) {
      const base = await baseline(n);
      console.log(`baseline ${n} queues: raw amqplib publish->consume->reply ${base.ms.toFixed(0)} ms (setup ${base.setupMs.toFixed(0)} ms)`);
      const result = await fanout(n, { armoredPrivateKey: privateKey }, publicKey, fingerprint, file, expect);
      console.log(
        `fanout ${n} agents: last of ${result.answered} results after ${result.ms.toFixed(0)} ms; ${result.verified} verified+found, ${result.missing} missing, statuses ${result.statuses.join(',')} (setup ${result.setupMs.toFixed(0)} ms, agents' RSS ${result.rssMb.toFixed(0)} MB)`,
      );
      console.log(`  first (cold) action: ${result.coldAnswered} results after ${result.coldMs.toFixed(0)} ms`);
      console.log(`  actions reached agents from +${result.phases.firstReceivedMs} to +${result.phases.lastReceivedMs} ms; last answer finished at +${result.phases.lastFinishedMs} ms`);
      figures[`agents_${n}`] = {
        dispatch_to_last_result_ms: Math.round(result.ms),
        answered: result.answered,
        verified_and_found: result.verified,
        missing: result.missing,
        cold_first_action_ms: Math.round(result.coldMs),
        first_received_ms: result.phases.firstReceivedMs,
        last_received_ms: result.phases.lastReceivedMs,
        last_finished_ms: result.phases.lastFinishedMs,
        setup_ms: Math.round(result.setupMs),
        child_rss_mb: Math.round(result.rssMb),
        baseline_raw_roundtrip_ms: Math.round(base.ms),
        target_ms: 2000,
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL, deleteTopology, putMessage, queueDepth, takeMessage, uniqueTopology } from '../../test/fixtures/amqp';
import { fixturePath } from '../../test/fixtures/modules';
import { preload } from '../../test/fixtures/runtime';
import type { ActionResult } from '../agent/ActionResult';
import { createInvestigator } from '../investigator/Investigator';
import { keySigner } from '../investigator/keySigner';
import { makeInvestigator } from '../signing/testing/investigators';
import type { TestInvestigator } from '../signing/testing/investigators';
import { agentQueueName } from '../transport/AmqpAgentTransport';
import { createAmqpInvestigatorTransport } from '../transport/AmqpInvestigatorTransport';
import { agentMain } from './agentMain';
import { investigateMain } from './investigateMain';

const topology = uniqueTopology('cli');
const agentIds = ['prod-1', 'prod-2', 'dev-1', 'laptop'];
let dir: string;
let alice: TestInvestigator;
let bob: TestInvestigator;
let mallory: TestInvestigator;
const stops: Array<() => void> = [];
const daemons: Array<Promise<number>> = [];

function io() {
  let out = '';
  let err = '';
  return { io: { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) }, out: () => out, err: () => err };
}

async function agentConfig(id: string, env: string, extra: readonly string[] = []): Promise<string> {
  const path = join(dir, `${id}.yaml`);
  await writeFile(
    path,
    [
      `id: ${id}`,
      `hostname: ${id}.example`,
      `tags: { env: ${env} }`,
      'keys: ./keys',
      'acl: ./acl.json',
      `transport: { type: amqp, url: "${AMQP_URL}", toAgents: ${topology.toAgents}, toSchedulers: ${topology.toSchedulers}, queuePrefix: ${topology.queuePrefix} }`,
      `modules: { specifier: "${fixturePath}", export: allModules, concurrency: 1, preload: ["${preload[0]}"] }`,
      'moduleTimeout: 10s',
      ...extra,
    ].join('\n'),
  );
  return path;
}

const common = () => ['--amqp', AMQP_URL, '--modules', fixturePath, '--discover', '2s', '--timeout', '15s', '--to-agents', topology.toAgents, '--to-schedulers', topology.toSchedulers, '--queue-prefix', topology.queuePrefix];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
  [alice, bob, mallory] = await Promise.all([makeInvestigator('Alice'), makeInvestigator('Bob'), makeInvestigator('Mallory')]);
  await mkdir(join(dir, 'keys'));
  await writeFile(join(dir, 'keys', 'alice.asc'), alice.armoredPublicKey);
  await writeFile(join(dir, 'keys', 'bob.asc'), bob.armoredPublicKey);
  await writeFile(join(dir, 'alice.key'), alice.key.armoredPrivateKey);
  await writeFile(join(dir, 'bob.key'), bob.key.armoredPrivateKey);
  await writeFile(join(dir, 'mallory.key'), mallory.key.armoredPrivateKey);
  const people = { Alice: { fingerprint: alice.fingerprint, weight: 1 }, Bob: { fingerprint: bob.fingerprint, weight: 1 } };
  await writeFile(join(dir, 'acl.json'), JSON.stringify({ default: { minimumweight: 1, investigators: people }, hash: { minimumweight: 2, investigators: people } }));
  await mkdir(join(dir, 'evidence'));
  await writeFile(join(dir, 'evidence', 'planted-backdoor.sh'), 'nc -l 4444\n');
  for (const [id, env] of [['prod-1', 'prod'], ['prod-2', 'prod'], ['dev-1', 'dev']] as const) {
    let stop: () => void = () => undefined;
    const stopSignal = new Promise<void>((r) => (stop = r));
    stops.push(stop);
    const path = await agentConfig(id, env);
    daemons.push(agentMain(['--config', path], { ...io().io, stopSignal }));
  }
});

afterAll(async () => {
  for (const stop of stops) stop();
  await Promise.all(daemons);
  await deleteTopology(topology, agentIds.map((id) => agentQueueName(topology, id)));
  await rm(dir, { recursive: true, force: true });
});

describe('vigil-agent and vigil-investigate over RabbitMQ', () => {
  it('finds a planted file on the targeted agents only', async () => {
    const run = io();
    const code = await investigateMain(['ls', '-dir', join(dir, 'evidence'), '-name', '^planted', '-t', 'tags.env == "prod"', '-e', '2m', '--key', join(dir, 'alice.key'), ...common()], run.io);
    expect(run.err()).toContain('2 agent(s) match tags.env == "prod"');
    expect(code).toBe(0);
    expect(run.out()).toContain('prod-1.example (prod-1) success, found');
    expect(run.out()).toContain('prod-2.example (prod-2) success, found');
    expect(run.out()).toContain('ls: found: ["planted-backdoor.sh"]');
    expect(run.out()).not.toContain('dev-1');
    expect(run.out().trim().split('\n').at(-1)).toBe('2/2 done, 2 found, 0 failed, 0 timed out');
  });

  it('publishes actions persistent by default and transient with --transient-actions', async () => {
    // A spy queue on the actions exchange sees every action as the broker got it.
    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    try {
      const { queue: spy } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(spy, topology.toAgents, 'agt.dev-1');
      const modes: number[] = [];
      for (const flags of [[], ['--transient-actions']]) {
        const run = io();
        const code = await investigateMain(['ls', '-dir', join(dir, 'evidence'), '-name', '^planted', '-t', 'tags.env == "dev"', '-e', '2m', '--key', join(dir, 'alice.key'), ...flags, ...common()], run.io);
        expect(code, run.err()).toBe(0);
        expect(run.out()).toContain('dev-1.example (dev-1) success, found');
        const message = await channel.get(spy, { noAck: true });
        expect(message).not.toBe(false);
        if (message !== false) modes.push(message.properties.deliveryMode as number);
      }
      expect(modes).toEqual([2, 1]);
    } finally {
      await connection.close();
    }
  });

  it('needs two investigators for a module whose ACL weight is 2, and refuses unknown keys', async () => {
    const file = join(dir, 'evidence', 'planted-backdoor.sh');
    const one = io();
    expect(await investigateMain(['hash', '-path', file, '-t', 'hostname == "dev-1.example"', '--json', '--key', join(dir, 'alice.key'), ...common()], one.io)).toBe(0);
    const refused = JSON.parse(one.out()) as { results: ActionResult[] };
    expect(refused.results).toHaveLength(1);
    expect(refused.results[0]).toMatchObject({ agentid: 'dev-1', status: 'refused', code: 'INSUFFICIENT_WEIGHT' });

    const two = io();
    expect(await investigateMain(['hash', '-path', file, '-t', 'hostname == "dev-1.example"', '--json', '--key', join(dir, 'alice.key'), '--key', join(dir, 'bob.key'), ...common()], two.io)).toBe(0);
    const accepted = JSON.parse(two.out()) as { results: ActionResult[] };
    expect(accepted.results[0]).toMatchObject({ agentid: 'dev-1', status: 'success', foundanything: true });
    expect((accepted.results[0]?.results[0]?.result.elements as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);

    const stranger = io();
    expect(await investigateMain(['ls', '-dir', dir, '-name', 'x', '-t', 'true', '-show', 'all', '--key', join(dir, 'mallory.key'), ...common()], stranger.io)).toBe(0);
    expect(stranger.out()).toMatch(/refused: UNKNOWN_KEY/);
    expect(stranger.out().trim().split('\n').at(-1)).toBe('3/3 done, 0 found, 3 failed, 0 timed out');
  });

  it('runs a compliance check and posts the items to a pipeline /events endpoint', async () => {
    const posted: Array<Record<string, unknown>> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/events') posted.push(...(JSON.parse(body) as Array<Record<string, unknown>>));
        res.writeHead(req.url === '/events' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: posted.length }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const sshd = join(dir, 'sshd_config');
      await writeFile(sshd, 'PermitRootLogin no\nPasswordAuthentication yes\n');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
      const run = io();
      const argv = ['lines', '-path', sshd, '-require', 'PermitRootLogin no', '-require', 'PasswordAuthentication no', '-t', 'tags.env == "prod"', '--compliance', '--compliance-url', url, '--key', join(dir, 'alice.key'), ...common()];
      expect(await investigateMain(argv, run.io)).toBe(0);
      expect(run.err()).toContain('sent 4 compliance item(s)');
      expect(posted).toHaveLength(4);
      expect(posted.every((e) => e['category'] === 'complianceitems')).toBe(true);
      const summary = posted.map((e) => `${String(e['hostname'])} ${(e['details'] as { check: { ref: string } }).check.ref} ${String((e['details'] as { compliance: boolean }).compliance)}`).sort();
      expect(summary).toEqual(['prod-1.example line1 true', 'prod-1.example line2 false', 'prod-2.example line1 true', 'prod-2.example line2 false']);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('explains usage errors', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['ls', '-dir', dir, '-name', 'x', '--key', 'k', ...common()], /a target is required/],
      [['ls', '-dir', dir, '-t', 'true', '-e', 'soon', '--key', 'k', ...common()], /-e needs a duration/],
      [['ls', '-dir', dir, '-size', '3', '-t', 'true', '--key', join(dir, 'alice.key'), ...common()], /unknown flag -size for module ls/],
      [['nosuch', '-t', 'true', '--key', join(dir, 'alice.key'), ...common()], /no module "nosuch"; available: stat, hash/],
      [['ls', '-t', 'true', ...common()], /at least one signing key/],
    ];
    const help = io();
    expect(await investigateMain(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('Usage: vigil-investigate [options] <module> [flags...]');
    for (const [argv, message] of cases) {
      const run = io();
      expect(await investigateMain(argv, run.io), argv.join(' ')).toBe(2);
      expect(run.err()).toMatch(message);
    }
  });

  it('checks in once to run actions queued while the agent was away, and refuses their replay at a later check-in', async () => {
    const path = await agentConfig('laptop', 'dev', ['replayJournal: ./laptop.replay']);
    const first = io();
    expect(await agentMain(['--config', path, '--once'], first.io)).toBe(0);
    expect(first.out()).toContain('laptop: handled 0 action(s)');
    expect(first.err()).not.toContain('no replayJournal');
    const results: ActionResult[] = [];
    const investigator = createInvestigator({
      transport: createAmqpInvestigatorTransport({ url: AMQP_URL, topology }),
      signer: keySigner([alice.key]),
    });
    await investigator.start();
    const action = investigator.buildAction({ name: 'while away', target: 'hostname == "laptop.example"', operations: [{ module: 'stat', parameters: { paths: [join(dir, 'evidence', 'planted-backdoor.sh')] } }] });
    const laptop = { id: 'laptop', hostname: 'laptop.example', os: process.platform, arch: process.arch, addresses: [], tags: { env: 'dev' }, version: '0.1.0', pid: 0, starttime: '' };
    const pending = investigator.run(action, { agents: [laptop], timeoutMs: 20_000, onResult: (r) => results.push(r) });
    // The action waits in the laptop's queue before the laptop checks in.
    const deadline = Date.now() + 20_000;
    while ((await queueDepth(agentQueueName(topology, 'laptop'))) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Someone with access to the broker keeps a copy of the message, to replay it later.
    const copy = await takeMessage(agentQueueName(topology, 'laptop'));
    await putMessage(agentQueueName(topology, 'laptop'), copy);
    const second = io();
    expect(await agentMain(['--config', path, '--once'], second.io)).toBe(0);
    expect(second.out()).toContain('laptop: handled 1 action(s)');
    const report = await pending;
    expect(report.progress).toMatchObject({ done: 1, found: 1, failed: 0 });
    expect(results[0]?.results[0]?.result.elements).toEqual([{ path: join(dir, 'evidence', 'planted-backdoor.sh'), size: 11, isFile: true }]);
    await investigator.close();

    // The replayed copy is refused by the next check-in, a new process that remembers through its journal.
    await putMessage(agentQueueName(topology, 'laptop'), copy);
    const third = io();
    expect(await agentMain(['--config', path, '--once'], third.io)).toBe(0);
    expect(third.out()).toContain('laptop: handled 1 action(s)');
    expect(third.err()).toMatch(/: refused \(action \S+ was already accepted; a copy is refused\)/);
  });

  it('warns, when it checks in once, that without a replay journal it cannot recognize replays', async () => {
    const path = await agentConfig('laptop', 'dev');
    const run = io();
    expect(await agentMain(['--config', path, '--once'], run.io)).toBe(0);
    expect(run.err()).toContain('warning: no replayJournal in the configuration');
  });

  it('refuses a configuration whose key directory holds a private key', async () => {
    await mkdir(join(dir, 'badkeys'));
    await writeFile(join(dir, 'badkeys', 'oops.asc'), alice.key.armoredPrivateKey);
    const path = join(dir, 'bad.yaml');
    await writeFile(path, `keys: ./badkeys\nacl: ./acl.json\ntransport: { type: amqp, url: "${AMQP_URL}" }\n`);
    const run = io();
    expect(await agentMain(['--config', path], run.io)).toBe(1);
    expect(run.err()).toMatch(/holds a private key/);
  });
});

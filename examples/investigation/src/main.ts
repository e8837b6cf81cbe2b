// One command, a whole investigation: starts four local `vigil-agent` processes (each playing a host with its own
// disk under a temp dir) on the real RabbitMQ, plants a file on some of them, runs `vigil-investigate` as an
// investigator would, prints the results and exits 0 only when exactly the right hosts were found.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import { generateKey, readKey } from 'openpgp';
import { agentQueueName, loadModules, renderInvestigation } from '@vigil/agent-sdk';
import type { InvestigationReport } from '@vigil/agent-sdk';

const AMQP_URL = process.env['VIGIL_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const here = dirname(fileURLToPath(import.meta.url));
const modulesFile = join(here, 'modules.mjs');
const sdk = dirname(createRequire(import.meta.url).resolve('@vigil/agent-sdk/package.json'));
const bin = async (name: string): Promise<string> => {
  const pkg = JSON.parse(await readFile(join(sdk, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(sdk, pkg.bin[name] as string);
};

const hosts = [
  { id: 'web-1', env: 'prod', planted: true },
  { id: 'web-2', env: 'prod', planted: false },
  { id: 'db-1', env: 'prod', planted: true },
  { id: 'dev-1', env: 'dev', planted: true },
];
const run = randomUUID().slice(0, 8);
const topology = { toAgents: `example.toagents.${run}`, toSchedulers: `example.toschedulers.${run}`, queuePrefix: `example.${run}` };

function waitForLine(child: ChildProcess, pattern: RegExp, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${seen}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${String(code)}:\n${seen}`)));
  });
}

async function main(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-example-investigation-'));
  const agents: ChildProcess[] = [];
  try {
    // The investigator's key pair: the private key stays with the investigator, agents get the public key.
    const { privateKey, publicKey } = await generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'Alice', email: 'alice@example.org' }], format: 'armored' });
    const fingerprint = (await readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
    await mkdir(join(dir, 'keys'));
    await writeFile(join(dir, 'keys', 'alice.asc'), publicKey);
    await writeFile(join(dir, 'alice.key'), privateKey, { mode: 0o600 });
    await writeFile(join(dir, 'acl.json'), JSON.stringify({ default: { minimumweight: 1, investigators: { Alice: { fingerprint, weight: 1 } } } }, null, 2));

    const agentBin = await bin('vigil-agent');
    for (const host of hosts) {
      const root = join(dir, 'hosts', host.id);
      await mkdir(join(root, 'tmp', '.cache'), { recursive: true });
      await writeFile(join(root, 'tmp', 'notes.txt'), 'nothing to see\n');
      if (host.planted) await writeFile(join(root, 'tmp', '.cache', 'planted-backdoor.sh'), '#!/bin/sh\nnc -l -p 4444 -e /bin/sh\n');
      const config = join(dir, `${host.id}.yaml`);
      await writeFile(
        config,
        [
          `id: ${host.id}`,
          `hostname: ${host.id}.example.net`,
          `tags: { env: ${host.env} }`,
          'keys: ./keys',
          'acl: ./acl.json',
          `transport: { type: amqp, url: "${AMQP_URL}", toAgents: ${topology.toAgents}, toSchedulers: ${topology.toSchedulers}, queuePrefix: ${topology.queuePrefix} }`,
          `modules: { specifier: "${modulesFile}", export: allModules, concurrency: 1 }`,
          'moduleTimeout: 20s',
          `replayJournal: ./${host.id}.replay`,
        ].join('\n'),
      );
      const agent = spawn(process.execPath, [agentBin, '--config', config], { env: { ...process.env, VIGIL_EXAMPLE_ROOT: root }, stdio: ['ignore', 'inherit', 'pipe'] });
      agents.push(agent);
    }
    await Promise.all(agents.map((a, i) => waitForLine(a, /running/, `agent ${hosts[i]?.id ?? '?'}`)));
    console.log(`started ${agents.length} agents: ${hosts.map((h) => `${h.id} (${h.env})`).join(', ')}`);

    const argv = ['findfile', '-name', '^planted', '-t', 'tags.env == "prod"', '-e', '5m', '--json', '--key', join(dir, 'alice.key'), '--modules', modulesFile, '--amqp', AMQP_URL, '--discover', '3s', '--timeout', '30s', '--to-agents', topology.toAgents, '--to-schedulers', topology.toSchedulers, '--queue-prefix', topology.queuePrefix];
    console.log(`$ vigil-investigate ${argv.map((a) => (/[\s"^]/.test(a) ? `'${a}'` : a)).join(' ')}`);
    const investigate = spawn(process.execPath, [await bin('vigil-investigate'), ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    investigate.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => investigate.once('exit', resolve));
    if (code !== 0) {
      console.error(`vigil-investigate exited with ${String(code)}`);
      return false;
    }
    const report = JSON.parse(out) as InvestigationReport;
    const registry = await loadModules({ specifier: modulesFile, exportName: 'allModules' });
    console.log(renderInvestigation(report, { registry, show: 'all' }));

    const found = report.results.filter((r) => r.foundanything).map((r) => r.agentid).sort();
    const answered = report.results.map((r) => r.agentid).sort();
    const expected = hosts.filter((h) => h.env === 'prod' && h.planted).map((h) => h.id).sort();
    const paths = report.results.flatMap((r) => r.results.flatMap((o) => o.result.elements as string[]));
    const right =
      JSON.stringify(found) === JSON.stringify(expected) &&
      JSON.stringify(answered) === JSON.stringify(['db-1', 'web-1', 'web-2']) &&
      report.results.every((r) => r.status === 'success') &&
      paths.every((p) => p === '/tmp/.cache/planted-backdoor.sh') &&
      paths.length === expected.length;
    console.log(right ? `OK: the planted file was found on ${found.join(' and ')}, and nowhere else among the prod agents` : `WRONG: found on [${found.join(', ')}], expected [${expected.join(', ')}]`);
    return right;
  } finally {
    for (const agent of agents) agent.kill('SIGTERM');
    await Promise.all(agents.map((a) => (a.exitCode === null ? new Promise((r) => a.once('exit', r)) : undefined)));
    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (const host of hosts) await channel.deleteQueue(agentQueueName(topology, host.id));
    await channel.deleteExchange(topology.toAgents);
    await channel.deleteExchange(topology.toSchedulers);
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (right) => process.exit(right ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

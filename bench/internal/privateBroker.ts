// A RabbitMQ node of the bench's own (own node name, ports and data directory), for runs too large for the shared
// broker: `fanout --private-broker`. Same approach as packages/core/test/privateBroker.ts (the rabbitmq-server
// Debian package, run as the rabbitmq user), plus a file-descriptor limit chosen by the caller, because that limit
// is what decides how RabbitMQ 3.10 copes with thousands of classic queues.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = '/usr/lib/rabbitmq/bin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

export interface PrivateBrokerOptions {
  /** Soft open-files limit of the node (`ulimit -n`); unset keeps what `su rabbitmq` gives (1024 here). */
  openFiles?: number;
  /** Extra rabbitmq.conf lines. */
  config?: string[];
}

export interface PrivateBroker {
  readonly url: string;
  readonly node: string;
  /** Process id of the node's Erlang VM (beam.smp). */
  readonly pid: number;
  /** The VM's soft open-files limit, read back from /proc. */
  readonly openFiles: number;
  /** Runs `rabbitmqctl -n <node> <args>` and returns its output. */
  ctl(args: string): Promise<string>;
  /** Stops the node and deletes its data. Safe to call twice. */
  destroy(): Promise<void>;
}

export async function startPrivateBroker(options: PrivateBrokerOptions = {}, timeoutMs = 120_000): Promise<PrivateBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-rmq-'));
  const port = await freePort();
  const distPort = await freePort();
  const node = `vigilbench${randomUUID().slice(0, 6)}@localhost`;
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'rabbitmq.conf'), [`listeners.tcp.local = 127.0.0.1:${port}`, ...(options.config ?? [])].join('\n') + '\n');
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const env = [
    `RABBITMQ_NODENAME=${node}`,
    `RABBITMQ_DIST_PORT=${distPort}`,
    `RABBITMQ_MNESIA_BASE=${dir}/mnesia`,
    `RABBITMQ_LOG_BASE=${dir}/log`,
    `RABBITMQ_ENABLED_PLUGINS_FILE=${dir}/enabled_plugins`,
    `RABBITMQ_PID_FILE=${dir}/pid`,
    `RABBITMQ_CONFIG_FILE=${dir}/rabbitmq.conf`,
    'HOME=/var/lib/rabbitmq',
  ].join(' ');
  const uid = Number((await run('id', ['-u', 'rabbitmq'])).stdout);
  const gid = Number((await run('id', ['-g', 'rabbitmq'])).stdout);
  for (const p of [dir, join(dir, 'log'), join(dir, 'rabbitmq.conf'), join(dir, 'enabled_plugins')]) chownSync(p, uid, gid);
  const limit = options.openFiles === undefined ? '' : `ulimit -n ${options.openFiles} && `;
  const as = (command: string) => run('su', ['rabbitmq', '-s', '/bin/sh', '-c', `${limit}env ${env} ${command}`], { maxBuffer: 64 * 1024 * 1024 });
  await as(`${BIN}/rabbitmq-server -detached`);
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`private RabbitMQ node ${node} did not open port ${port}; see ${dir}/log`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // The pid file appears once the node has booted, shortly after the port opens.
  let pid = NaN;
  for (;;) {
    try {
      pid = Number(readFileSync(join(dir, 'pid'), 'utf8').trim());
    } catch {
      pid = NaN;
    }
    if (Number.isInteger(pid) && pid > 0) break;
    if (Date.now() > deadline) throw new Error(`private RabbitMQ node ${node} wrote no pid file; see ${dir}/log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const openFiles = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? NaN);
  let destroyed = false;
  const ctl = async (args: string) => (await as(`${BIN}/rabbitmqctl -q -n ${node} ${args}`)).stdout;
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    node,
    pid,
    openFiles,
    ctl,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await ctl('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

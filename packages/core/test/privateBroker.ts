// A RabbitMQ node of the test's own (own name, port, data dir), so a test can stop and start a broker without
// disturbing the shared one other tests use. Needs the rabbitmq-server Debian package (CI's machine has it).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** A private broker node. */
export interface PrivateBroker {
  readonly url: string;
  /** Stops the RabbitMQ application (connections drop, durable data stays). */
  stopApp(): Promise<void>;
  /** Starts it again. */
  startApp(): Promise<void>;
  /** Stops the node and deletes its data. */
  destroy(): Promise<void>;
}

/** Starts a private RabbitMQ node and waits until it accepts connections. */
export async function startPrivateBroker(timeoutMs = 90_000): Promise<PrivateBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rmq-'));
  const port = await freePort();
  const distPort = await freePort();
  const node = `vigiltest${randomUUID().slice(0, 6)}@localhost`;
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${port}\n`);
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
  // The node runs as the rabbitmq user, as the packaged scripts do.
  const { uid, gid } = await run('id', ['-u', 'rabbitmq']).then(async (u) => ({ uid: Number(u.stdout), gid: Number((await run('id', ['-g', 'rabbitmq'])).stdout) }));
  for (const p of [dir, join(dir, 'log'), join(dir, 'rabbitmq.conf'), join(dir, 'enabled_plugins')]) chownSync(p, uid, gid);
  const as = (command: string) => run('su', ['rabbitmq', '-s', '/bin/sh', '-c', `env ${env} ${command}`]);
  await as(`${BIN}/rabbitmq-server -detached`);
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`private RabbitMQ node ${node} did not open port ${port}; see ${dir}/log`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const ctl = (command: string) => as(`${BIN}/rabbitmqctl -n ${node} ${command}`);
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    stopApp: async () => {
      await ctl('stop_app');
    },
    startApp: async () => {
      await ctl('start_app');
      while (!(await portOpen(port))) await new Promise((r) => setTimeout(r, 100));
    },
    destroy: async () => {
      await ctl('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

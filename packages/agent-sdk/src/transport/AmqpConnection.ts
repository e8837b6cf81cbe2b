import { connect } from 'amqplib';
import type { ConfirmChannel, Options, RecoveringChannelModel } from 'amqplib';
import { AgentError } from '../errors/AgentError';

/** Exchange and queue names, MIG-style: actions go out on `toagents`, results and heartbeats come back on `toschedulers`. */
export interface AmqpTopology {
  /** Topic exchange carrying actions; each agent's queue is bound with `agt.<agentId>` and `discover`. @default 'toagents' */
  toAgents: string;
  /** Topic exchange carrying `result.<agentId>` and `heartbeat.<agentId>`. @default 'toschedulers' */
  toSchedulers: string;
  /** Prefix of agent queue names: `<prefix>.agt.<agentId>`. @default 'vigil' */
  queuePrefix: string;
}

/** Options of {@link createAmqpConnection}. */
export interface AmqpConnectionOptions {
  /** Broker URL, e.g. `amqp://guest:guest@127.0.0.1:5672`. */
  url: string;
  /** Connection name shown by the broker. @default 'vigil' */
  name?: string;
  /** Names of exchanges and queues. */
  topology?: Partial<AmqpTopology>;
  /** First reconnect delay after losing the broker, in ms. @default 200 */
  reconnectDelayMs?: number;
  /** Longest reconnect delay, in ms. @default 10000 */
  maxReconnectDelayMs?: number;
  /** Told about disconnections and reconnections. */
  onEvent?: (event: { type: 'connect' | 'disconnect'; error?: Error }) => void;
}

/** Runs on every (re)connection with the fresh channel: declare queues, start consumers. */
export type AmqpSetup = (channel: ConfirmChannel) => Promise<void>;

/** One recovering AMQP connection with one confirm channel, shared by any number of agents or investigators. */
export interface AmqpConnection {
  /** Names in use. */
  readonly topology: AmqpTopology;
  /** Runs `setup` now and after every reconnection; returns a function that stops re-running it. */
  addSetup(setup: AmqpSetup): Promise<() => void>;
  /** The current channel, waiting for a reconnection if the broker is away. */
  channel(): Promise<ConfirmChannel>;
  /**
   * Publishes `body` as JSON and resolves once the broker confirms; retried after a reconnection. A `Buffer` is taken
   * as JSON already encoded and sent as is (encode once, publish to many).
   */
  publish(exchange: string, routingKey: string, body: unknown, options?: Options.Publish): Promise<void>;
  /** How many times the connection was (re)established. */
  connections(): number;
  /** Closes the connection. Safe to call twice. */
  close(): Promise<void>;
}

/** Resolves the topology with its defaults. */
export function amqpTopology(topology: Partial<AmqpTopology> = {}): AmqpTopology {
  return { toAgents: 'toagents', toSchedulers: 'toschedulers', queuePrefix: 'vigil', ...topology };
}

/**
 * Connects to RabbitMQ with amqplib's connection recovery: on broker loss it reconnects with backoff, opens a new
 * confirm channel, re-declares the exchanges and re-runs every registered setup (queues, bindings, consumers).
 * @throws AgentError `AMQP_CONNECT_FAILED` when the first connection cannot be made.
 */
export async function createAmqpConnection(options: AmqpConnectionOptions): Promise<AmqpConnection> {
  const topology = amqpTopology(options.topology);
  const setups = new Set<AmqpSetup>();
  let current: ConfirmChannel | undefined;
  let waiters: Array<(channel: ConfirmChannel) => void> = [];
  let closing = false;
  let count = 0;

  const setupChannel = async (model: { createConfirmChannel(): Promise<ConfirmChannel>; close(): Promise<void> }): Promise<void> => {
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined);
    channel.on('close', () => {
      if (current !== channel) return;
      current = undefined;
      // A channel closed by the broker (e.g. a failed declaration) takes the connection with it so recovery rebuilds both.
      if (!closing) model.close().catch(() => undefined);
    });
    await channel.assertExchange(topology.toAgents, 'topic', { durable: true });
    await channel.assertExchange(topology.toSchedulers, 'topic', { durable: true });
    for (const setup of setups) await setup(channel);
    current = channel;
    count++;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w(channel);
  };

  let model: RecoveringChannelModel;
  try {
    model = await connect(options.url, {
      clientProperties: { connection_name: options.name ?? 'vigil' },
      recovery: {
        initialDelay: options.reconnectDelayMs ?? 200,
        maxDelay: options.maxReconnectDelayMs ?? 10_000,
        initialMaxRetries: 2,
        setup: setupChannel,
      },
    });
  } catch (cause) {
    throw new AgentError('AMQP_CONNECT_FAILED', `cannot connect to ${redact(options.url)}: ${(cause as Error).message}; check the broker URL and that RabbitMQ runs`, { cause });
  }
  model.on('error', () => undefined);
  model.on('disconnect', (error: Error) => {
    current = undefined;
    options.onEvent?.({ type: 'disconnect', error });
  });
  model.on('connect', () => options.onEvent?.({ type: 'connect' }));

  const channel = (): Promise<ConfirmChannel> => {
    if (closing) return Promise.reject(new AgentError('TRANSPORT_CLOSED', 'the AMQP connection is closed'));
    if (current !== undefined) return Promise.resolve(current);
    return new Promise((resolve) => waiters.push(resolve));
  };

  return {
    topology,
    async addSetup(setup) {
      setups.add(setup);
      if (current !== undefined) await setup(current);
      return () => {
        setups.delete(setup);
      };
    },
    channel,
    async publish(exchange, routingKey, body, publishOptions = {}) {
      const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      for (let attempt = 1; ; attempt++) {
        const ch = await channel();
        try {
          await new Promise<void>((resolve, reject) => {
            ch.publish(exchange, routingKey, content, { contentType: 'application/json', ...publishOptions }, (error) => (error ? reject(error as Error) : resolve()));
          });
          return;
        } catch (error) {
          if (closing || attempt >= 5) throw new AgentError('AMQP_PUBLISH_FAILED', `publishing to ${exchange} failed: ${(error as Error).message}`, { cause: error });
        }
      }
    },
    connections: () => count,
    async close() {
      if (closing) return;
      closing = true;
      current = undefined;
      await model.close().catch(() => undefined);
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

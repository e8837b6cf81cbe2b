import type { ConfirmChannel, Message } from 'amqplib';
import { AgentError } from '../errors/AgentError';
import type { AgentMessage, AgentMessageHandler, AgentTransport } from './AgentTransport';
import { createAmqpConnection } from './AmqpConnection';
import type { AmqpConnection, AmqpTopology } from './AmqpConnection';

/** Options of {@link createAmqpAgentTransport}: a shared connection, or a URL to open one of its own. */
export interface AmqpAgentTransportOptions {
  /** A connection shared with other agents of this process. */
  connection?: AmqpConnection;
  /** Broker URL, used when no `connection` is given. */
  url?: string;
  /** Names of exchanges and queues, used with `url`. */
  topology?: Partial<AmqpTopology>;
  /** Actions handled at once by this agent. @default 1 */
  prefetch?: number;
  /** Deletes the agent's queue after it has been unused this long (RabbitMQ `x-expires`); unset keeps it. */
  queueExpiresMs?: number;
  /** Lifetime of a heartbeat message, in ms. @default 60000 */
  heartbeatTtlMs?: number;
}

const channelPrefetch = new WeakMap<ConfirmChannel, number>();

/** The name of an agent's queue. */
export function agentQueueName(topology: AmqpTopology, agentId: string): string {
  return `${topology.queuePrefix}.agt.${agentId}`;
}

function decode(message: Message): AgentMessage | undefined {
  if (message.properties.type === 'discover') return { type: 'discover' };
  try {
    return { type: 'action', action: JSON.parse(message.content.toString('utf8')) as unknown };
  } catch {
    return { type: 'action', action: message.content.toString('utf8') };
  }
}

/**
 * An agent's AMQP transport (MIG-style): a durable queue `<prefix>.agt.<id>` bound to the `toagents` topic exchange
 * with `agt.<id>` (and `discover`); results and heartbeats are published, with confirms, to `toschedulers`.
 * Messages are acknowledged after they are handled, so an agent that dies mid-action gets it again.
 */
export function createAmqpAgentTransport(options: AmqpAgentTransportOptions): AgentTransport {
  let connection = options.connection;
  const owned = connection === undefined;
  let agentId: string | undefined;
  let queue = '';
  let closed = false;
  const removers: Array<() => void> = [];
  const inFlight = new Set<Promise<void>>();
  let consumer: { channel: ConfirmChannel; tag: string } | undefined;

  const need = (): AmqpConnection => {
    if (connection === undefined || agentId === undefined) throw new AgentError('TRANSPORT_CLOSED', 'the AMQP agent transport is not connected; call connect() first');
    return connection;
  };
  const declare = async (ch: ConfirmChannel, topology: AmqpTopology, id: string): Promise<void> => {
    await ch.assertQueue(queue, { durable: true, ...(options.queueExpiresMs === undefined ? {} : { expires: options.queueExpiresMs }) });
    await ch.bindQueue(queue, topology.toAgents, `agt.${id}`);
    await ch.bindQueue(queue, topology.toAgents, 'discover');
  };
  const handle = (ch: ConfirmChannel, handler: AgentMessageHandler, message: Message): Promise<void> => {
    const decoded = decode(message);
    const run = (decoded === undefined ? Promise.resolve() : handler(decoded))
      .catch(() => undefined)
      .then(() => {
        try {
          ch.ack(message);
        } catch {
          // The channel died meanwhile: the broker redelivers the message after reconnection.
        }
      });
    inFlight.add(run);
    return run.finally(() => inFlight.delete(run));
  };

  return {
    name: 'amqp',
    async connect(id) {
      if (closed) throw new AgentError('TRANSPORT_CLOSED', 'the AMQP agent transport is closed');
      if (connection === undefined) {
        if (options.url === undefined) throw new AgentError('CONFIG_INVALID', 'createAmqpAgentTransport needs a connection or a url');
        connection = await createAmqpConnection({ url: options.url, name: `vigil-agent ${id}`, ...(options.topology === undefined ? {} : { topology: options.topology }) });
      }
      agentId = id;
      const c = connection;
      queue = agentQueueName(c.topology, id);
      removers.push(await c.addSetup((ch) => declare(ch, c.topology, id)));
    },
    async consume(handler) {
      const c = need();
      const prefetch = options.prefetch ?? 1;
      removers.push(
        await c.addSetup(async (ch) => {
          // basic.qos (per consumer) sticks to the channel: agents sharing a channel set it once.
          if (channelPrefetch.get(ch) !== prefetch) {
            await ch.prefetch(prefetch, false);
            channelPrefetch.set(ch, prefetch);
          }
          const { consumerTag } = await ch.consume(queue, (message) => {
            if (message !== null) void handle(ch, handler, message);
          });
          consumer = { channel: ch, tag: consumerTag };
        }),
      );
    },
    async drain(handler) {
      const c = need();
      let count = 0;
      for (;;) {
        const ch = await c.channel();
        const message = await ch.get(queue, { noAck: false });
        if (message === false) return count;
        await handle(ch, handler, message);
        count++;
      }
    },
    async sendResult(result) {
      const c = need();
      await c.publish(c.topology.toSchedulers, `result.${result.agentid}`, result, { persistent: true, type: 'result' });
    },
    async sendHeartbeat(heartbeat) {
      const c = need();
      await c.publish(c.topology.toSchedulers, `heartbeat.${heartbeat.agent.id}`, heartbeat, {
        type: 'heartbeat',
        expiration: String(options.heartbeatTtlMs ?? 60_000),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const remove of removers.splice(0)) remove();
      const c = connection;
      if (consumer !== undefined && !owned) {
        // Cancel this agent's consumer on the shared channel; its queue stays for the next check-in.
        await consumer.channel.cancel(consumer.tag).catch(() => undefined);
      }
      await Promise.allSettled([...inFlight]);
      if (owned && c !== undefined) await c.close();
    },
  };
}


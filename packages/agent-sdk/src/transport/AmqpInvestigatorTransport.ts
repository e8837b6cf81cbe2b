import type { ConfirmChannel } from 'amqplib';
import type { ActionResult } from '../agent/ActionResult';
import type { Heartbeat } from '../agent/Heartbeat';
import { AgentError } from '../errors/AgentError';
import { createAmqpConnection } from './AmqpConnection';
import type { AmqpConnection, AmqpTopology } from './AmqpConnection';
import type { InvestigatorListener, InvestigatorTransport } from './InvestigatorTransport';

/** Options of {@link createAmqpInvestigatorTransport}: a shared connection, or a URL to open one of its own. */
export interface AmqpInvestigatorTransportOptions {
  /** A connection to share. */
  connection?: AmqpConnection;
  /** Broker URL, used when no `connection` is given. */
  url?: string;
  /** Names of exchanges and queues, used with `url`. */
  topology?: Partial<AmqpTopology>;
  /** A durable queue for results and heartbeats; by default a private queue that lives as long as the connection. */
  resultsQueue?: string;
  /** How long a discovery request waits in an idle agent's queue, in ms. @default 10000 */
  discoverTtlMs?: number;
  /**
   * Publish actions as persistent messages, so that they survive a broker restart while they wait for an agent.
   * `false` keeps them in the broker's memory only, which spares RabbitMQ an open file per agent queue holding an
   * action (see docs/investigations.md, *Sizing the broker*). @default true
   */
  persistentActions?: boolean;
}

/**
 * The investigator's AMQP transport: actions are published (persistent, confirmed) to `toagents` with routing key
 * `agt.<agentId>`; results and heartbeats are consumed from a queue bound to `toschedulers` (`result.#`, `heartbeat.#`).
 */
export function createAmqpInvestigatorTransport(options: AmqpInvestigatorTransportOptions): InvestigatorTransport {
  let connection = options.connection;
  const owned = connection === undefined;
  let closed = false;
  let remove: (() => void) | undefined;
  let consumer: { channel: ConfirmChannel; tag: string; queue: string } | undefined;
  const need = (): AmqpConnection => {
    if (connection === undefined || closed) throw new AgentError('TRANSPORT_CLOSED', 'the AMQP investigator transport is not connected; call connect() first');
    return connection;
  };
  return {
    name: 'amqp',
    async connect(listener: InvestigatorListener) {
      if (connection === undefined) {
        if (options.url === undefined) throw new AgentError('CONFIG_INVALID', 'createAmqpInvestigatorTransport needs a connection or a url');
        connection = await createAmqpConnection({ url: options.url, name: 'vigil-investigator', ...(options.topology === undefined ? {} : { topology: options.topology }) });
      }
      const c = connection;
      remove = await c.addSetup(async (ch) => {
        const named = options.resultsQueue;
        const { queue } = named === undefined ? await ch.assertQueue('', { exclusive: true, autoDelete: true }) : await ch.assertQueue(named, { durable: true });
        await ch.bindQueue(queue, c.topology.toSchedulers, 'result.#');
        await ch.bindQueue(queue, c.topology.toSchedulers, 'heartbeat.#');
        const { consumerTag } = await ch.consume(
          queue,
          (message) => {
            if (message === null) return;
            let body: unknown;
            try {
              body = JSON.parse(message.content.toString('utf8'));
            } catch {
              return;
            }
            if (message.fields.routingKey.startsWith('heartbeat.')) listener.heartbeat?.(body as Heartbeat);
            else listener.result?.(body as ActionResult);
          },
          { noAck: true },
        );
        consumer = { channel: ch, tag: consumerTag, queue };
      });
    },
    async sendAction(agentIds, action) {
      const c = need();
      // One encoding for the whole fan-out: the same bytes go to every agent.
      const content = Buffer.from(JSON.stringify(action));
      const publishOptions = { persistent: options.persistentActions ?? true, type: 'action' };
      await Promise.all(agentIds.map((id) => c.publish(c.topology.toAgents, `agt.${id}`, content, publishOptions)));
    },
    async discover() {
      const c = need();
      await c.publish(c.topology.toAgents, 'discover', {}, { type: 'discover', expiration: String(options.discoverTtlMs ?? 10_000) });
    },
    async close() {
      if (closed) return;
      closed = true;
      remove?.();
      if (consumer !== undefined && !owned) {
        await consumer.channel.cancel(consumer.tag).catch(() => undefined);
        if (options.resultsQueue === undefined) await consumer.channel.deleteQueue(consumer.queue).catch(() => undefined);
      }
      if (owned) await connection?.close();
    },
  };
}

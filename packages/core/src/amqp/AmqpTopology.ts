import type { Channel } from 'amqplib';

/** Names of the exchanges and queues events travel through. Defaults are MozDef's. */
export interface AmqpTopology {
  /** Direct exchange shippers publish to. @default 'eventtask' */
  exchange: string;
  /** Queue workers consume. @default 'eventtask' */
  queue: string;
  /** Routing key binding the queue to the exchange. @default 'eventtask' */
  routingKey: string;
  /** Exchange for messages retried later (delayed by per-message TTL). @default '<queue>.retry' */
  retryExchange: string;
  /** Queue holding messages until their retry delay expires. @default '<queue>.retry' */
  retryQueue: string;
  /** Exchange for messages given up on, with the reason in a header. @default '<queue>.dead' */
  deadLetterExchange: string;
  /** Queue collecting dead messages for inspection and replay. @default '<queue>.dead' */
  deadLetterQueue: string;
  /** Only one consumer receives at a time; others stand by and take over (RabbitMQ single active consumer). @default false */
  singleActiveConsumer: boolean;
}

/** MozDef's topology (`eventtask`), with Vigil's retry and dead-letter queues beside it. */
export function resolveTopology(partial: Partial<AmqpTopology> = {}): AmqpTopology {
  const queue = partial.queue ?? 'eventtask';
  return {
    exchange: partial.exchange ?? 'eventtask',
    queue,
    routingKey: partial.routingKey ?? 'eventtask',
    retryExchange: partial.retryExchange ?? `${queue}.retry`,
    retryQueue: partial.retryQueue ?? `${queue}.retry`,
    deadLetterExchange: partial.deadLetterExchange ?? `${queue}.dead`,
    deadLetterQueue: partial.deadLetterQueue ?? `${queue}.dead`,
    singleActiveConsumer: partial.singleActiveConsumer ?? false,
  };
}

/**
 * Declares the topology (idempotent): durable direct exchange and queue as MozDef had them; a retry queue
 * whose expired messages flow back to the main exchange; a dead-letter exchange and queue.
 */
export async function declareTopology(channel: Channel, t: AmqpTopology): Promise<void> {
  await channel.assertExchange(t.exchange, 'direct', { durable: true });
  await channel.assertQueue(t.queue, { durable: true, ...(t.singleActiveConsumer ? { arguments: { 'x-single-active-consumer': true } } : {}) });
  await channel.bindQueue(t.queue, t.exchange, t.routingKey);
  await channel.assertExchange(t.retryExchange, 'fanout', { durable: true });
  await channel.assertQueue(t.retryQueue, {
    durable: true,
    deadLetterExchange: t.exchange,
    deadLetterRoutingKey: t.routingKey,
  });
  await channel.bindQueue(t.retryQueue, t.retryExchange, '');
  await channel.assertExchange(t.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(t.deadLetterQueue, { durable: true });
  await channel.bindQueue(t.deadLetterQueue, t.deadLetterExchange, '');
}

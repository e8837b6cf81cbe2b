import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { AmqpConnection } from '../amqp/AmqpConnection';
import { ATTEMPTS_HEADER, NDJSON_CONTENT_TYPE, REASON_HEADER } from '../amqp/AmqpFraming';
import { declareTopology, resolveTopology, type AmqpTopology } from '../amqp/AmqpTopology';
import { decodeMessage } from '../amqp/decodeMessage';
import type { Pipeline } from '../pipeline/Pipeline';

/** Options of `createAmqpSource`. */
export interface AmqpSourceOptions {
  /** Broker URL. @default 'amqp://guest:guest@127.0.0.1:5672' */
  url?: string;
  /** Exchange and queue names. @default MozDef's `eventtask` */
  topology?: Partial<AmqpTopology>;
  /** Unacknowledged messages the broker may send ahead. @default 2000 */
  prefetch?: number;
  /** Events gathered before a batch is ingested. @default 5000 */
  batchMaxEvents?: number;
  /** Longest wait to fill a batch, in ms. @default 20 */
  batchMaxWaitMs?: number;
  /** Delivery attempts before a message goes to the dead-letter exchange. @default 5 */
  maxAttempts?: number;
  /** First retry delay in ms; doubles per attempt up to 60 s. @default 1000 */
  retryDelayMs?: number;
  /** Source name on events and metrics. @default 'amqp' */
  sourceName?: string;
  /** Recovered errors (lost connection, failed batch). @default stderr */
  onError?: (error: unknown) => void;
}

/** Counters of an AMQP source. */
export interface AmqpSourceStats {
  /** Messages received. */
  received: number;
  /** Messages acknowledged after their events were durable (or durably dead-lettered). */
  acked: number;
  /** Messages re-queued for a later attempt. */
  retried: number;
  /** Messages sent to the dead-letter exchange. */
  deadLettered: number;
  /** Messages the broker marked as redelivered (a worker died before acking). */
  redelivered: number;
  /** Events the store already had (idempotent redelivery). */
  duplicates: number;
  /** Reconnections after the broker went away. */
  reconnects: number;
}

/** A source consuming events from RabbitMQ into a pipeline, at least once. */
export interface AmqpSource {
  /** `'source:amqp'`. */
  readonly name: string;
  /** Connects, declares the topology and starts consuming into `pipeline`. */
  start(pipeline: Pipeline): Promise<void>;
  /** Ingests what has been received so far. */
  flush(): Promise<void>;
  /** Stops consuming, finishes in-flight batches (acking them), closes. Safe to call twice. */
  shutdown(): Promise<void>;
  /** Counters. */
  stats(): AmqpSourceStats;
}

interface Received {
  msg: ConsumeMessage;
  generation: number;
}

const RETRYABLE = new Set(['SINK_FAILED']);

/**
 * Consumes MozDef's `eventtask` queue (one JSON event per message, or NDJSON batches) with a prefetch window,
 * ingests in batches, and acknowledges a message only once all its events are durable in the sinks (or durably
 * dead-lettered by the pipeline). Messages whose events a sink failed on are retried later with backoff, and after
 * `maxAttempts` go to the dead-letter exchange with the reason in a header; so does a poison message.
 * After a broker restart it reconnects and carries on; unacknowledged messages are redelivered and written
 * idempotently by event id.
 */
export function createAmqpSource(options: AmqpSourceOptions = {}): AmqpSource {
  const url = options.url ?? 'amqp://guest:guest@127.0.0.1:5672';
  const topology = resolveTopology(options.topology);
  const batchMaxEvents = options.batchMaxEvents ?? 5000;
  const batchMaxWaitMs = options.batchMaxWaitMs ?? 20;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const sourceName = options.sourceName ?? 'amqp';
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`vigil: amqp source: ${(e as Error).message}\n`));
  const counters: Omit<AmqpSourceStats, 'reconnects'> = { received: 0, acked: 0, retried: 0, deadLettered: 0, redelivered: 0, duplicates: 0 };

  let pipeline: Pipeline | undefined;
  let consumeChannel: Channel | undefined;
  let publishChannel: ConfirmChannel | undefined;
  let consumerTag: string | undefined;
  let pending: Received[] = [];
  let pendingEvents = 0;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();
  let stopping: Promise<void> | undefined;

  const connection = new AmqpConnection({
    url,
    onError,
    onDisconnect: () => {
      consumeChannel = undefined;
      publishChannel = undefined;
      // Whatever was received on the lost channel will be redelivered by the broker.
      pending = [];
      pendingEvents = 0;
    },
    onConnect: async (model, generation) => {
      const channel = await model.createChannel();
      await declareTopology(channel, topology);
      await channel.prefetch(options.prefetch ?? 2000);
      const publisher = await model.createConfirmChannel();
      channel.on('error', onError);
      publisher.on('error', onError);
      consumeChannel = channel;
      publishChannel = publisher;
      if (stopping) return;
      const reply = await channel.consume(
        topology.queue,
        (msg) => {
          if (msg === null) return; // consumer cancelled by the broker; reconnection re-consumes
          counters.received++;
          if (msg.fields.redelivered) counters.redelivered++;
          pending.push({ msg, generation });
          pendingEvents += estimateEvents(msg);
          if (pendingEvents >= batchMaxEvents) flushNow();
          else timer ??= setTimeout(flushNow, batchMaxWaitMs);
        },
        { noAck: false },
      );
      consumerTag = reply.consumerTag;
    },
  });

  function estimateEvents(msg: ConsumeMessage): number {
    if (msg.properties.contentType === NDJSON_CONTENT_TYPE) {
      // indexOf is a native scan; iterating the Buffer byte by byte cost more than decoding the message.
      let n = 0;
      for (let at = msg.content.indexOf(10); at !== -1; at = msg.content.indexOf(10, at + 1)) n++;
      return Math.max(1, n);
    }
    return 1;
  }

  function flushNow(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingEvents = 0;
    const work = processBatch(batch).catch(onError);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  /** Runs only on the channel the message came from; a message of a lost channel is redelivered anyway. */
  function settle(r: Received, action: (channel: Channel) => void): void {
    if (r.generation !== connection.currentGeneration || !consumeChannel) return;
    try {
      action(consumeChannel);
    } catch (error) {
      onError(error);
    }
  }

  async function publishConfirmed(exchange: string, r: Received, headers: Record<string, unknown>, expiration?: number): Promise<boolean> {
    const channel = publishChannel;
    if (!channel || r.generation !== connection.currentGeneration) return false;
    channel.publish(exchange, '', r.msg.content, {
      persistent: true,
      headers: { ...(r.msg.properties.headers ?? {}), ...headers },
      ...(r.msg.properties.contentType ? { contentType: r.msg.properties.contentType } : {}),
      ...(expiration === undefined ? {} : { expiration: String(expiration) }),
    });
    await channel.waitForConfirms();
    return true;
  }

  async function deadLetter(r: Received, reason: string, attempts: number): Promise<void> {
    if (await publishConfirmed(topology.deadLetterExchange, r, { [REASON_HEADER]: reason.slice(0, 1000), [ATTEMPTS_HEADER]: attempts })) {
      counters.deadLettered++;
      settle(r, (ch) => ch.ack(r.msg));
    }
  }

  async function retry(r: Received, reason: string): Promise<void> {
    const attempts = Number(r.msg.properties.headers?.[ATTEMPTS_HEADER] ?? 0) + 1;
    if (attempts >= maxAttempts) {
      await deadLetter(r, `gave up after ${attempts} attempts: ${reason}`, attempts);
      return;
    }
    const delay = Math.min(retryDelayMs * 2 ** (attempts - 1), 60_000);
    if (await publishConfirmed(topology.retryExchange, r, { [ATTEMPTS_HEADER]: attempts, [REASON_HEADER]: reason.slice(0, 1000) }, delay)) {
      counters.retried++;
      settle(r, (ch) => ch.ack(r.msg));
    }
  }

  async function processBatch(batch: Received[]): Promise<void> {
    const values: unknown[] = [];
    const ranges: Array<{ r: Received; start: number; end: number }> = [];
    for (const r of batch) {
      const decoded = decodeMessage(r.msg.content, r.msg.properties.contentType as string | undefined);
      if (!decoded.ok) {
        await deadLetter(r, `poison message: ${decoded.reason}`, Number(r.msg.properties.headers?.[ATTEMPTS_HEADER] ?? 0));
        continue;
      }
      const start = values.length;
      for (const e of decoded.events) values.push(e);
      ranges.push({ r, start, end: values.length });
      if (decoded.errors.length > 0) onError(new Error(`message ${r.msg.fields.deliveryTag}: ${decoded.errors.length} line(s) were not JSON: ${decoded.errors[0]}`));
    }
    if (values.length === 0 || !pipeline) return;
    let result;
    try {
      result = await pipeline.ingest(values, sourceName);
    } catch (error) {
      // The pipeline refused the whole batch (shutting down): give the messages back to the broker.
      for (const { r } of ranges) settle(r, (ch) => ch.nack(r.msg, false, true));
      throw error;
    }
    counters.duplicates += result.duplicates;
    for (const { r, start, end } of ranges) {
      let failure: string | undefined;
      for (let i = start; i < end; i++) {
        const item = result.items[i];
        if (item && !item.ok && RETRYABLE.has(item.code)) {
          failure = item.reason;
          break;
        }
      }
      if (failure === undefined) {
        settle(r, (ch) => ch.ack(r.msg));
        counters.acked++;
      } else await retry(r, failure);
    }
  }

  return {
    name: 'source:amqp',
    async start(target: Pipeline): Promise<void> {
      pipeline = target;
      await connection.start();
    },
    async flush(): Promise<void> {
      flushNow();
      await Promise.allSettled([...inFlight]);
    },
    shutdown(): Promise<void> {
      stopping ??= (async () => {
        if (consumeChannel && consumerTag) await consumeChannel.cancel(consumerTag).catch(() => undefined);
        flushNow();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await connection.close();
      })();
      return stopping;
    },
    stats: () => ({ ...counters, reconnects: connection.reconnects }),
  };
}

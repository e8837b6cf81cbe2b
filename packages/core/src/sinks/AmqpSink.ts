import type { ConfirmChannel } from 'amqplib';
import { AmqpConnection } from '../amqp/AmqpConnection';
import { NDJSON_CONTENT_TYPE, type AmqpFraming } from '../amqp/AmqpFraming';
import { declareTopology, resolveTopology, type AmqpTopology } from '../amqp/AmqpTopology';
import { VigilError } from '../errors/VigilError';
import type { VigilEvent } from '../event/VigilEvent';
import type { WriteResult } from '../stores/EventStore';
import type { EventSink } from './EventSink';

/** Options of `createAmqpSink`. */
export interface AmqpSinkOptions {
  /** Broker URL. @default 'amqp://guest:guest@127.0.0.1:5672' */
  url?: string;
  /** Exchange and queue names. @default MozDef's `eventtask` */
  topology?: Partial<AmqpTopology>;
  /** `mozdef`: one JSON event per message; `batch`: NDJSON, `eventsPerMessage` per message. @default 'batch' */
  framing?: AmqpFraming;
  /** Events per message with the batch framing. @default 500 */
  eventsPerMessage?: number;
  /** Recovered errors. @default stderr */
  onError?: (error: unknown) => void;
}

/**
 * A sink publishing events to RabbitMQ with publisher confirms: `write` resolves only once the broker has
 * confirmed every message (persistent, to a durable queue), so an HTTP 2xx means the events are in the queue.
 * Used by the ingest tier; workers consume them with `createAmqpSource`.
 */
export function createAmqpSink(options: AmqpSinkOptions = {}): EventSink {
  const topology = resolveTopology(options.topology);
  const framing = options.framing ?? 'batch';
  const perMessage = Math.max(1, options.eventsPerMessage ?? 500);
  let channel: ConfirmChannel | undefined;
  let started: Promise<void> | undefined;
  let closed = false;
  const connection = new AmqpConnection({
    url: options.url ?? 'amqp://guest:guest@127.0.0.1:5672',
    ...(options.onError ? { onError: options.onError } : { onError: (e) => process.stderr.write(`vigil: amqp sink: ${(e as Error).message}\n`) }),
    onDisconnect: () => {
      channel = undefined;
    },
    onConnect: async (model) => {
      const ch = await model.createConfirmChannel();
      ch.on('error', () => undefined);
      await declareTopology(ch, topology);
      channel = ch;
    },
  });

  const publish = (ch: ConfirmChannel, body: Buffer, contentType: string): Promise<void> => {
    const ok = ch.publish(topology.exchange, topology.routingKey, body, { persistent: true, contentType });
    // Respect the socket's buffer: wait for it to drain rather than queue without bound.
    return ok ? Promise.resolve() : new Promise((resolve) => ch.once('drain', resolve));
  };

  return {
    name: 'sink:amqp',
    start() {
      started ??= connection.start();
      return started;
    },
    async write(events: readonly VigilEvent[]): Promise<WriteResult> {
      if (closed) throw new VigilError('SINK_CLOSED', 'the AMQP sink is shut down');
      started ??= connection.start();
      await started;
      const ch = channel;
      if (!ch) throw new VigilError('AMQP_DISCONNECTED', 'the AMQP broker connection is down; retry shortly (the sink reconnects by itself)');
      if (framing === 'mozdef') {
        for (const event of events) await publish(ch, Buffer.from(JSON.stringify(event)), 'application/json');
      } else {
        for (let i = 0; i < events.length; i += perMessage) {
          const chunk = events.slice(i, i + perMessage).map((e) => JSON.stringify(e));
          await publish(ch, Buffer.from(chunk.join('\n') + '\n'), NDJSON_CONTENT_TYPE);
        }
      }
      // A nack or a channel closing rejects this: the pipeline then answers 503 and the shipper retries.
      await ch.waitForConfirms();
      return { written: events.length, duplicates: 0, failed: [] };
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      await connection.close();
    },
  };
}

import type { ResponsePlugin, VigilAlert } from '@vigil/core';
import amqp from 'amqplib';
import { withRetry } from '../internal/withRetry';
import type { RetryOptions } from './RetryOptions';

/** Options of {@link amqpPublish}. */
export interface AmqpPublishOptions {
  /** Broker URL. @default 'amqp://guest:guest@127.0.0.1:5672' */
  url?: string;
  /** Exchange (declared durable). @default 'alerts' */
  exchange?: string;
  /** Exchange type. @default 'topic' */
  exchangeType?: 'topic' | 'fanout' | 'direct';
  /** Routing key template: `{{severity}}`, `{{category}}`, `{{rule}}`. @default '{{category}}.{{severity}}' */
  routingKey?: string;
  /** Retries (each retry reconnects). */
  retry?: RetryOptions;
  /** Only these alerts. */
  filter?: (alert: VigilAlert) => boolean;
  /** Plugin name. @default 'respond:amqp' */
  name?: string;
}

/**
 * Publishes each alert as persistent JSON to an AMQP exchange (`alerts` by default, like MozDef's alert
 * exchange), on a confirm channel so a publish resolves once the broker has it. The connection is opened lazily,
 * re-opened after failures, and closed at shutdown.
 */
export function amqpPublish(options: AmqpPublishOptions = {}): ResponsePlugin {
  const url = options.url ?? 'amqp://guest:guest@127.0.0.1:5672';
  const exchange = options.exchange ?? 'alerts';
  const type = options.exchangeType ?? 'topic';
  const keyTemplate = options.routingKey ?? '{{category}}.{{severity}}';
  let connecting: Promise<{ conn: amqp.ChannelModel; channel: amqp.ConfirmChannel }> | undefined;
  const open = (): Promise<{ conn: amqp.ChannelModel; channel: amqp.ConfirmChannel }> => {
    connecting ??= (async () => {
      const conn = await amqp.connect(url);
      const drop = (): void => {
        connecting = undefined;
      };
      conn.on('error', drop);
      conn.on('close', drop);
      const channel = await conn.createConfirmChannel();
      channel.on('error', drop);
      channel.on('close', drop);
      await channel.assertExchange(exchange, type, { durable: true });
      return { conn, channel };
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  const routingKey = (a: VigilAlert): string =>
    keyTemplate.replace(/\{\{(severity|category|rule)\}\}/g, (_m, f: string) => (f === 'severity' ? a.severity : f === 'category' ? a.category : a.rule.id).replace(/[.#*\s]/g, '_'));
  return {
    name: options.name ?? 'respond:amqp',
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    async respond(alert, { signal }) {
      const body = Buffer.from(JSON.stringify(alert));
      await withRetry(
        async () => {
          const { channel } = await open();
          await new Promise<void>((resolve, reject) => {
            channel.publish(exchange, routingKey(alert), body, { persistent: true, contentType: 'application/json', messageId: alert.id }, (err) =>
              err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
            );
          });
        },
        options.retry,
        signal,
      );
    },
    async shutdown() {
      const c = connecting;
      connecting = undefined;
      if (c === undefined) return;
      try {
        const { conn } = await c;
        await conn.close();
      } catch {
        // Already closed or never opened: nothing to drain.
      }
    },
  };
}

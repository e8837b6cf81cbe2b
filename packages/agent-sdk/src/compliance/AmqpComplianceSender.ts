import { connect } from 'amqplib';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { complianceEvent } from './complianceEvent';
import type { ComplianceSender } from './ComplianceSender';

/** Options of {@link createAmqpComplianceSender}. */
export interface AmqpComplianceSenderOptions {
  /** Broker URL. */
  url: string;
  /** Exchange MozDef's workers read events from. @default 'eventtask' */
  exchange?: string;
  /** Routing key. @default 'eventtask' */
  routingKey?: string;
}

/**
 * Sends compliance items over AMQP the MozDef way: one JSON event per persistent message on the `eventtask`
 * topic exchange, confirmed by the broker.
 */
export function createAmqpComplianceSender(options: AmqpComplianceSenderOptions): ComplianceSender {
  const exchange = options.exchange ?? 'eventtask';
  const routingKey = options.routingKey ?? 'eventtask';
  let connection: ChannelModel | undefined;
  let channel: ConfirmChannel | undefined;
  const open = async (): Promise<ConfirmChannel> => {
    if (channel !== undefined) return channel;
    connection = await connect(options.url, { clientProperties: { connection_name: 'vigil-compliance' } });
    connection.on('error', () => undefined);
    const ch = await connection.createConfirmChannel();
    ch.on('error', () => undefined);
    ch.on('close', () => {
      if (channel === ch) channel = undefined;
    });
    await ch.assertExchange(exchange, 'topic', { durable: true });
    channel = ch;
    return ch;
  };
  return {
    name: 'compliance:amqp',
    async send(items) {
      let ch: ConfirmChannel;
      try {
        ch = await open();
      } catch (error) {
        return { ok: false, code: 'UNAVAILABLE', reason: `cannot reach ${options.url.replace(/\/\/[^@/]*@/, '//***@')}: ${(error as Error).message}`, sent: 0 };
      }
      let sent = 0;
      try {
        await Promise.all(
          items.map(
            (item) =>
              new Promise<void>((resolve, reject) => {
                ch.publish(exchange, routingKey, Buffer.from(JSON.stringify(complianceEvent(item))), { persistent: true, contentType: 'application/json' }, (error) => {
                  if (error) reject(error as Error);
                  else {
                    sent++;
                    resolve();
                  }
                });
              }),
          ),
        );
        return { ok: true, sent };
      } catch (error) {
        return { ok: false, code: 'UNAVAILABLE', reason: `the broker did not confirm: ${(error as Error).message}`, sent };
      }
    },
    async close() {
      const c = connection;
      connection = undefined;
      channel = undefined;
      await c?.close().catch(() => undefined);
    },
  };
}

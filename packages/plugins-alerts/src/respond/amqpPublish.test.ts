import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import type { VigilAlert } from '@vigil/core';
import { createAlert } from '../alert/createAlert';
import { makeEvent } from '../internal/makeEvent';
import { amqpPublish } from './amqpPublish';

const URL = 'amqp://guest:guest@127.0.0.1:5672';

describe('AMQP publish (real RabbitMQ)', () => {
  it('publishes alerts to the exchange and a consumer reads them back', async () => {
    const exchange = `vigil-test-alerts-${randomUUID()}`;
    const conn = await amqp.connect(URL);
    const ch = await conn.createChannel();
    const plugin = amqpPublish({ url: URL, exchange, retry: { attempts: 2, minDelayMs: 50 } });
    try {
      await ch.assertExchange(exchange, 'topic', { durable: true });
      const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
      await ch.bindQueue(queue, exchange, 'bruteforce.#');
      const got: VigilAlert[] = [];
      const done = new Promise<void>((resolve) => {
        void ch.consume(queue, (msg) => {
          if (msg === null) return;
          got.push(JSON.parse(msg.content.toString()) as VigilAlert);
          ch.ack(msg);
          if (got.length === 2) resolve();
        });
      });
      const ctx = { pluginName: 'respond:amqp', signal: new AbortController().signal };
      const a1 = createAlert({ rule: { id: 'ssh-bruteforce', name: 'SSH' }, summary: 'one', category: 'bruteforce', severity: 'WARNING', events: [makeEvent()] });
      const a2 = createAlert({ rule: { id: 'ssh-bruteforce', name: 'SSH' }, summary: 'two', category: 'bruteforce', severity: 'CRITICAL', events: [] });
      const other = createAlert({ rule: { id: 'x', name: 'x' }, summary: 'not routed', category: 'proxy', events: [] });
      await plugin.respond(a1, ctx);
      await plugin.respond(other, ctx);
      await plugin.respond(a2, ctx);
      await done;
      expect(got.map((a) => a.summary)).toEqual(['one', 'two']);
      expect(got[0]).toEqual(JSON.parse(JSON.stringify(a1)));
    } finally {
      await plugin.shutdown?.();
      await plugin.shutdown?.(); // safe twice
      await ch.deleteExchange(exchange);
      await conn.close();
    }
  });

  it('rejects after retries when the broker cannot be reached', async () => {
    const plugin = amqpPublish({ url: 'amqp://guest:guest@127.0.0.1:1', retry: { attempts: 2, minDelayMs: 10 } });
    const alert = createAlert({ rule: { id: 'r', name: 'r' }, summary: 's', events: [] });
    await expect(plugin.respond(alert, { pluginName: 'x', signal: new AbortController().signal })).rejects.toThrow();
    await plugin.shutdown?.();
  });
});

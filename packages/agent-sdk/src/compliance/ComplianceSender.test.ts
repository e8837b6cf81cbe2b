import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../test/fixtures/amqp';
import { createAmqpComplianceSender } from './AmqpComplianceSender';
import type { ComplianceItem } from './ComplianceItem';
import { createHttpComplianceSender } from './HttpComplianceSender';

function item(ref: string, compliance: boolean): ComplianceItem {
  return {
    utctimestamp: '2026-03-01T10:00:00.000Z',
    target: 'db-1.example',
    compliance,
    link: 'https://wiki/ssh',
    policy: { url: 'https://wiki/ssh', name: 'ssh', level: 'high' },
    check: { ref, description: 'root login off', name: 'root', location: '/etc/ssh/sshd_config', test: { type: 'line', value: 'PermitRootLogin no' } },
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function server(answers: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const srv = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = answers.shift() ?? 200;
      const body = JSON.parse(text) as unknown[];
      bodies.push({ path: req.url, type: req.headers['content-type'], auth: req.headers['authorization'], body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: status === 207 ? 1 : status === 200 ? body.length : 0, rejected: 0, errors: [] }));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => srv.close(() => r())));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/events`, bodies };
}

describe('compliance senders', () => {
  it('POSTs events in batches to /events', async () => {
    const { url, bodies } = await server([200, 200]);
    const sender = createHttpComplianceSender({ url, batchSize: 2, headers: { authorization: 'Bearer t' } });
    expect(await sender.send([item('a', true), item('b', false), item('c', true)])).toEqual({ ok: true, sent: 3 });
    expect(bodies).toHaveLength(2);
    const first = bodies[0] as { path: string; type: string; auth: string; body: Array<Record<string, unknown>> };
    expect(first).toMatchObject({ path: '/events', type: 'application/json', auth: 'Bearer t' });
    expect(first.body[1]).toMatchObject({ category: 'complianceitems', hostname: 'db-1.example', severity: 'WARNING', type: 'complianceitem', details: item('b', false) });
    expect(first.body[1]?.['summary']).toBe('NOT compliant: db-1.example b root login off');
  });

  it('retries 503, reports partial and rejected batches', async () => {
    const retried = await server([503, 200]);
    expect(await createHttpComplianceSender({ url: retried.url, retryDelayMs: 10 }).send([item('a', true)])).toEqual({ ok: true, sent: 1 });
    expect(retried.bodies).toHaveLength(2);
    const partial = await server([207]);
    expect(await createHttpComplianceSender({ url: partial.url }).send([item('a', true), item('b', true)])).toMatchObject({ ok: false, code: 'PARTIAL', sent: 1 });
    const rejected = await server([400]);
    expect(await createHttpComplianceSender({ url: rejected.url }).send([item('a', true)])).toMatchObject({ ok: false, code: 'REJECTED', sent: 0 });
    const down = await server([503, 503]);
    expect(await createHttpComplianceSender({ url: down.url, retries: 1, retryDelayMs: 5 }).send([item('a', true)])).toMatchObject({ ok: false, code: 'UNAVAILABLE', sent: 0 });
  });

  it('publishes one MozDef event per message to eventtask over RabbitMQ', async () => {
    const exchange = `test.eventtask.${randomUUID().slice(0, 8)}`;
    const conn = await connect(AMQP_URL);
    closers.push(() => conn.close());
    const ch = await conn.createChannel();
    await ch.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(queue, exchange, 'eventtask');
    closers.push(async () => {
      await ch.deleteExchange(exchange);
    });
    const sender = createAmqpComplianceSender({ url: AMQP_URL, exchange });
    closers.push(() => sender.close());
    expect(await sender.send([item('a', true), item('b', false)])).toEqual({ ok: true, sent: 2 });
    const received: Array<Record<string, unknown>> = [];
    for (;;) {
      const m = await ch.get(queue, { noAck: true });
      if (m === false) {
        if (received.length === 2) break;
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      expect(m.properties.deliveryMode).toBe(2);
      received.push(JSON.parse(m.content.toString()) as Record<string, unknown>);
    }
    expect(received.map((e) => [e['category'], (e['details'] as ComplianceItem).check.ref, e['severity']])).toEqual([
      ['complianceitems', 'a', 'INFO'],
      ['complianceitems', 'b', 'WARNING'],
    ]);
    const unreachable = createAmqpComplianceSender({ url: 'amqp://guest:guest@127.0.0.1:1' });
    expect(await unreachable.send([item('a', true)])).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  });
});

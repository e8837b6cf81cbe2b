import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL, closeConnectionsNamed, deleteTopology, queueDepth, uniqueTopology } from '../../test/fixtures/amqp';
import type { ActionResult } from '../agent/ActionResult';
import type { Heartbeat } from '../agent/Heartbeat';
import type { AgentMessage } from './AgentTransport';
import { agentQueueName, createAmqpAgentTransport } from './AmqpAgentTransport';
import { createAmqpConnection } from './AmqpConnection';
import type { AmqpConnection } from './AmqpConnection';
import { createAmqpInvestigatorTransport } from './AmqpInvestigatorTransport';

const topology = uniqueTopology('transport');
const queues = ['a1', 'a2', 'once', 'flaky', 'away-1', 'away-2', 'away-3'].map((id) => agentQueueName(topology, id));
let investigatorConnection: AmqpConnection;

function inbox() {
  const results: ActionResult[] = [];
  const heartbeats: Heartbeat[] = [];
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  return {
    results,
    heartbeats,
    listener: { result: (r: ActionResult) => (results.push(r), notify()), heartbeat: (h: Heartbeat) => (heartbeats.push(h), notify()) },
    async until(check: () => boolean) {
      while (!check()) await new Promise<void>((r) => (wake = r));
    },
  };
}

function fakeResult(agentid: string, actionid: string): ActionResult {
  const now = new Date().toISOString();
  return { actionid, agentid, hostname: agentid, status: 'success', results: [], foundanything: false, receivedtime: now, finishtime: now };
}

beforeAll(async () => {
  investigatorConnection = await createAmqpConnection({ url: AMQP_URL, topology, name: `investigator-${topology.queuePrefix}` });
});
afterAll(async () => {
  await investigatorConnection.close();
  await deleteTopology(topology, queues);
});

describe('AMQP transports', () => {
  it('routes actions to each agent queue and results back, over a shared agent connection', async () => {
    const seen = inbox();
    const investigator = createAmqpInvestigatorTransport({ connection: investigatorConnection });
    await investigator.connect(seen.listener);
    const shared = await createAmqpConnection({ url: AMQP_URL, topology, name: `agents-${topology.queuePrefix}` });
    const received: Record<string, AgentMessage[]> = { a1: [], a2: [] };
    const agents = await Promise.all(
      ['a1', 'a2'].map(async (id) => {
        const t = createAmqpAgentTransport({ connection: shared });
        await t.connect(id);
        await t.consume(async (m) => {
          received[id]?.push(m);
          if (m.type === 'action') await t.sendResult(fakeResult(id, (m.action as { id: string }).id));
          else await t.sendHeartbeat({ agent: { id } as Heartbeat['agent'], heartbeattime: new Date().toISOString() });
        });
        return t;
      }),
    );
    await investigator.sendAction(['a1'], { id: 'only-a1' });
    await investigator.sendAction(['a1', 'a2'], { id: 'both' });
    await seen.until(() => seen.results.length === 3);
    expect(seen.results.map((r) => `${r.agentid}:${r.actionid}`).sort()).toEqual(['a1:both', 'a1:only-a1', 'a2:both']);
    expect(received['a2']).toEqual([{ type: 'action', action: { id: 'both' } }]);
    await investigator.discover();
    await seen.until(() => seen.heartbeats.length === 2);
    expect(seen.heartbeats.map((h) => h.agent.id).sort()).toEqual(['a1', 'a2']);
    for (const a of agents) await a.close();
    await shared.close();
    await investigator.close();
  });

  it('keeps actions for an agent that checks in later, and drains them', async () => {
    const seen = inbox();
    const investigator = createAmqpInvestigatorTransport({ connection: investigatorConnection });
    await investigator.connect(seen.listener);
    const first = createAmqpAgentTransport({ url: AMQP_URL, topology });
    await first.connect('once');
    await first.close();
    await investigator.sendAction(['once'], { id: 'w1' });
    await investigator.sendAction(['once'], { id: 'w2' });
    expect(await queueDepth(agentQueueName(topology, 'once'))).toBe(2);
    const later = createAmqpAgentTransport({ url: AMQP_URL, topology });
    await later.connect('once');
    const handled: unknown[] = [];
    const count = await later.drain(async (m) => {
      if (m.type === 'action') {
        handled.push(m.action);
        await later.sendResult(fakeResult('once', (m.action as { id: string }).id));
      }
    });
    expect(count).toBe(2);
    expect(handled).toEqual([{ id: 'w1' }, { id: 'w2' }]);
    await seen.until(() => seen.results.length === 2);
    await later.close();
    await later.close();
    expect(await queueDepth(agentQueueName(topology, 'once'))).toBe(0);
    await investigator.close();
  });

  it('reconnects after the broker drops the connection and keeps consuming', async () => {
    const seen = inbox();
    const investigator = createAmqpInvestigatorTransport({ connection: investigatorConnection });
    await investigator.connect(seen.listener);
    const name = `flaky-${topology.queuePrefix}`;
    const events: string[] = [];
    const connection = await createAmqpConnection({ url: AMQP_URL, topology, name, reconnectDelayMs: 50, onEvent: (e) => events.push(e.type) });
    const agent = createAmqpAgentTransport({ connection });
    await agent.connect('flaky');
    await agent.consume(async (m) => {
      if (m.type === 'action') await agent.sendResult(fakeResult('flaky', (m.action as { id: string }).id));
    });
    await investigator.sendAction(['flaky'], { id: 'before' });
    await seen.until(() => seen.results.length === 1);
    expect(await closeConnectionsNamed(name)).toBe(1);
    await investigator.sendAction(['flaky'], { id: 'after' });
    await seen.until(() => seen.results.length === 2);
    expect(seen.results.map((r) => r.actionid)).toEqual(['before', 'after']);
    expect(connection.connections()).toBe(2);
    expect(events).toEqual(['disconnect', 'connect']);
    await agent.close();
    await connection.close();
    await investigator.close();
  });

  it('sends one encoding of an action to every agent, persistent unless persistentActions is false', async () => {
    const away = ['away-1', 'away-2', 'away-3'];
    for (const id of away) {
      // Agents that declared their queue and went away: the actions wait there and can be inspected.
      const t = createAmqpAgentTransport({ url: AMQP_URL, topology });
      await t.connect(id);
      await t.close();
    }
    const persistent = createAmqpInvestigatorTransport({ connection: investigatorConnection });
    await persistent.connect({});
    const action = { id: 'fan', name: 'é & <x>', operations: [{ module: 'file', parameters: { n: 1 } }] };
    await persistent.sendAction(away, action);
    const transient = createAmqpInvestigatorTransport({ connection: investigatorConnection, persistentActions: false });
    await transient.connect({});
    await transient.sendAction(['away-1'], { id: 'fan-transient' });

    const connection = await connect(AMQP_URL);
    try {
      const ch = await connection.createChannel();
      const first: Array<{ body: string; mode: unknown; type: unknown }> = [];
      for (const id of away) {
        const m = await ch.get(agentQueueName(topology, id), { noAck: true });
        expect(m).not.toBe(false);
        if (m !== false) first.push({ body: m.content.toString('utf8'), mode: m.properties.deliveryMode, type: m.properties.type });
      }
      expect(first).toEqual(away.map(() => ({ body: JSON.stringify(action), mode: 2, type: 'action' })));
      const second = await ch.get(agentQueueName(topology, 'away-1'), { noAck: true });
      expect(second !== false && { body: JSON.parse(second.content.toString('utf8')), mode: second.properties.deliveryMode }).toEqual({ body: { id: 'fan-transient' }, mode: 1 });
      await ch.close();
    } finally {
      await connection.close();
    }
    await persistent.close();
    await transient.close();
  });

  it('publishes a Buffer body as the JSON it already is', async () => {
    const seen = inbox();
    const investigator = createAmqpInvestigatorTransport({ connection: investigatorConnection });
    await investigator.connect(seen.listener);
    const encoded = Buffer.from(JSON.stringify(fakeResult('buffer-agent', 'pre-encoded')));
    await investigatorConnection.publish(topology.toSchedulers, 'result.buffer-agent', encoded, { type: 'result' });
    await seen.until(() => seen.results.length === 1);
    expect(seen.results[0]).toEqual(JSON.parse(encoded.toString('utf8')));
    await investigator.close();
  });
});

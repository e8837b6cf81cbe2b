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
const queues = ['a1', 'a2', 'once', 'flaky'].map((id) => agentQueueName(topology, id));
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
});

import type { ActionResult } from '../agent/ActionResult';
import type { Heartbeat } from '../agent/Heartbeat';
import { AgentError } from '../errors/AgentError';
import type { AgentMessage, AgentMessageHandler, AgentTransport } from './AgentTransport';
import type { InvestigatorListener, InvestigatorTransport } from './InvestigatorTransport';

/** An in-memory broker for tests and embedding: agent queues survive their agents like durable queues. */
export interface InProcessBroker {
  /** A new transport for one agent. */
  agentTransport(): AgentTransport;
  /** A new transport for one investigator. */
  investigatorTransport(): InvestigatorTransport;
  /** Messages waiting in an agent's queue. */
  pending(agentId: string): number;
}

interface Queue {
  messages: AgentMessage[];
  handler: AgentMessageHandler | undefined;
  busy: boolean;
}

// Messages cross the broker as JSON, as they would over the wire.
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Creates an {@link InProcessBroker}. */
export function createInProcessBroker(): InProcessBroker {
  const queues = new Map<string, Queue>();
  const listeners = new Set<InvestigatorListener>();
  const queueOf = (id: string): Queue => {
    let q = queues.get(id);
    if (q === undefined) {
      q = { messages: [], handler: undefined, busy: false };
      queues.set(id, q);
    }
    return q;
  };
  const pump = (q: Queue): void => {
    if (q.busy || q.handler === undefined) return;
    const message = q.messages.shift();
    if (message === undefined) return;
    q.busy = true;
    const handler = q.handler;
    queueMicrotask(() => {
      void handler(message)
        .catch(() => undefined)
        .finally(() => {
          q.busy = false;
          pump(q);
        });
    });
  };
  const deliver = (id: string, message: AgentMessage): void => {
    const q = queueOf(id);
    q.messages.push(wire(message));
    pump(q);
  };
  const toInvestigators = (kind: 'heartbeat' | 'result', payload: Heartbeat | ActionResult): void => {
    for (const l of listeners) {
      const copy = wire(payload);
      queueMicrotask(() => {
        if (kind === 'heartbeat') l.heartbeat?.(copy as Heartbeat);
        else l.result?.(copy as ActionResult);
      });
    }
  };

  return {
    pending: (id) => queues.get(id)?.messages.length ?? 0,
    agentTransport() {
      let queue: Queue | undefined;
      const inFlight = new Set<Promise<void>>();
      const track = (handler: AgentMessageHandler): AgentMessageHandler => (message) => {
        const p = handler(message);
        inFlight.add(p);
        return p.finally(() => inFlight.delete(p));
      };
      const connected = (): Queue => {
        if (queue === undefined) throw new AgentError('TRANSPORT_CLOSED', 'the in-process agent transport is not connected; call connect() first');
        return queue;
      };
      return {
        name: 'in-process',
        async connect(agentId) {
          queue = queueOf(agentId);
        },
        async consume(handler) {
          const q = connected();
          q.handler = track(handler);
          pump(q);
        },
        async drain(handler) {
          const q = connected();
          let count = 0;
          for (let m = q.messages.shift(); m !== undefined; m = q.messages.shift()) {
            await track(handler)(m).catch(() => undefined);
            count++;
          }
          return count;
        },
        async sendResult(result) {
          connected();
          toInvestigators('result', result);
        },
        async sendHeartbeat(heartbeat) {
          connected();
          toInvestigators('heartbeat', heartbeat);
        },
        async close() {
          if (queue !== undefined) queue.handler = undefined;
          queue = undefined;
          await Promise.allSettled([...inFlight]);
        },
      };
    },
    investigatorTransport() {
      let listener: InvestigatorListener | undefined;
      return {
        name: 'in-process',
        async connect(l) {
          listener = l;
          listeners.add(l);
        },
        async sendAction(agentIds, action) {
          for (const id of agentIds) deliver(id, { type: 'action', action });
        },
        async discover() {
          for (const [id, q] of queues) if (q.handler !== undefined) deliver(id, { type: 'discover' });
        },
        async close() {
          if (listener !== undefined) listeners.delete(listener);
          listener = undefined;
        },
      };
    },
  };
}

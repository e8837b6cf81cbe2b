import type { ActionResult } from '../agent/ActionResult';
import type { Heartbeat } from '../agent/Heartbeat';

/** A message addressed to an agent: an action to run, or a request to announce itself. */
export type AgentMessage = { type: 'action'; action: unknown } | { type: 'discover' };

/** Handles one message; the transport acknowledges it once the promise settles. */
export type AgentMessageHandler = (message: AgentMessage) => Promise<void>;

/** How an agent receives actions and answers. Implemented by the AMQP and in-process transports. */
export interface AgentTransport {
  /** Transport kind, for diagnostics. */
  readonly name: string;
  /** Connects and declares the agent's queue (named after its id). */
  connect(agentId: string): Promise<void>;
  /** Starts delivering messages to `handler` until `close` (daemon mode). */
  consume(handler: AgentMessageHandler): Promise<void>;
  /** Delivers the messages already waiting, one at a time, and returns how many (check-in mode). */
  drain(handler: AgentMessageHandler): Promise<number>;
  /** Sends a result towards the investigators. */
  sendResult(result: ActionResult): Promise<void>;
  /** Sends a heartbeat towards the investigators. */
  sendHeartbeat(heartbeat: Heartbeat): Promise<void>;
  /** Stops consuming and disconnects; waits for handlers in flight. Safe to call twice. */
  close(): Promise<void>;
}

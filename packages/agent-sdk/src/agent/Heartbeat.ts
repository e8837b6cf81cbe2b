import type { AgentEnvironment } from './AgentEnvironment';

/** Sent by an agent periodically and when asked to announce itself. */
export interface Heartbeat {
  /** The agent's environment. */
  agent: AgentEnvironment;
  /** When sent, UTC ISO-8601. */
  heartbeattime: string;
}

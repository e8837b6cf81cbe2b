import type { ActionResult } from '../agent/ActionResult';
import type { Heartbeat } from '../agent/Heartbeat';

/** What an investigator hears from agents. */
export interface InvestigatorListener {
  /** An agent's heartbeat. */
  heartbeat?(heartbeat: Heartbeat): void;
  /** An agent's answer to an action. */
  result?(result: ActionResult): void;
}

/** How an investigator sends actions to agents and hears their heartbeats and results. */
export interface InvestigatorTransport {
  /** Transport kind, for diagnostics. */
  readonly name: string;
  /** Connects and starts delivering heartbeats and results to `listener`. */
  connect(listener: InvestigatorListener): Promise<void>;
  /** Sends a (signed) action to each agent, confirmed by the broker. */
  sendAction(agentIds: readonly string[], action: unknown): Promise<void>;
  /** Asks every connected agent to send a heartbeat now. */
  discover(): Promise<void>;
  /** Disconnects. Safe to call twice. */
  close(): Promise<void>;
}

import type { AgentEnvironment } from '../agent/AgentEnvironment';
import type { Heartbeat } from '../agent/Heartbeat';

/** An agent as last heard of. */
export interface KnownAgent {
  /** Its environment from the last heartbeat. */
  environment: AgentEnvironment;
  /** When that heartbeat arrived, epoch ms (the investigator's clock). */
  lastSeen: number;
}

/** The agents an investigator knows from heartbeats. Agents not heard from for `staleAfterMs` are not live. */
export interface AgentDirectory {
  /** Records a heartbeat. */
  update(heartbeat: Heartbeat, now?: number): void;
  /** Agents heard from recently. */
  live(now?: number): KnownAgent[];
  /** One agent, live or stale. */
  get(id: string): KnownAgent | undefined;
  /** All agents ever heard from. */
  size(): number;
}

/** Creates an {@link AgentDirectory}. `staleAfterMs` defaults to 3 minutes (three missed heartbeats). */
export function createAgentDirectory(options: { staleAfterMs?: number } = {}): AgentDirectory {
  const staleAfter = options.staleAfterMs ?? 180_000;
  const agents = new Map<string, KnownAgent>();
  return {
    update(heartbeat, now = Date.now()) {
      const id = heartbeat.agent?.id;
      if (typeof id !== 'string') return;
      agents.set(id, { environment: heartbeat.agent, lastSeen: now });
    },
    live(now = Date.now()) {
      return [...agents.values()].filter((a) => now - a.lastSeen <= staleAfter);
    },
    get: (id) => agents.get(id),
    size: () => agents.size,
  };
}

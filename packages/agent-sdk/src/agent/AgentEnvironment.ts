import { randomUUID } from 'node:crypto';
import { arch, hostname, networkInterfaces, platform } from 'node:os';

/** What an agent tells about itself in heartbeats; selectors are evaluated against it. */
export interface AgentEnvironment {
  /** Unique agent id; also names its queue. */
  id: string;
  /** Host name. */
  hostname: string;
  /** `process.platform`: `linux`, `darwin`, `win32`, … */
  os: string;
  /** `process.arch`: `x64`, `arm64`, … */
  arch: string;
  /** Non-internal IPv4 and IPv6 addresses. */
  addresses: string[];
  /** Operator-defined tags, e.g. `{ env: 'prod' }`. */
  tags: Record<string, string>;
  /** Agent software version. */
  version: string;
  /** Process id. */
  pid: number;
  /** When the agent started, UTC ISO-8601. */
  starttime: string;
}

/** Options of {@link collectEnvironment}. */
export interface CollectEnvironmentOptions {
  /** Agent id. @default `<hostname>.<random>` */
  id?: string;
  /** Tags. @default {} */
  tags?: Record<string, string>;
  /** Version. @default '0.1.0' */
  version?: string;
  /** Overrides the host name (e.g. many agents in one process). */
  hostname?: string;
}

const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Reads this host's environment (ids are checked by `createAgent`). */
export function collectEnvironment(options: CollectEnvironmentOptions = {}): AgentEnvironment {
  const host = options.hostname ?? hostname();
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal)
    .map((a) => a.address);
  return {
    id: options.id ?? `${host.replace(/[^A-Za-z0-9._-]/g, '-')}.${randomUUID().slice(0, 8)}`,
    hostname: host,
    os: platform(),
    arch: arch(),
    addresses,
    tags: { ...options.tags },
    version: options.version ?? '0.1.0',
    pid: process.pid,
    starttime: new Date().toISOString(),
  };
}

/** True when `id` can name an agent and its queue. */
export function isValidAgentId(id: string): boolean {
  return AGENT_ID.test(id);
}

/** Parameters of the ping module (MIG's names). */
export interface PingParams {
  /** Host name or IP address to probe. */
  destination: string;
  /** Port to probe. */
  destinationport: number;
  /** `tcp` (connect) or `udp` (probe datagram). ICMP echo is not supported. */
  protocol: 'tcp' | 'udp';
  /** Probes to send. @default 3 */
  count?: number;
  /** Milliseconds to wait for each probe. @default 5000 */
  timeoutMs?: number;
}

/** JSON Schema of {@link PingParams}. */
export const pingParamsSchema: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['destination', 'destinationport', 'protocol'],
  properties: {
    destination: { type: 'string', minLength: 1 },
    destinationport: { type: 'integer', minimum: 1, maximum: 65535 },
    protocol: { enum: ['tcp', 'udp'] },
    count: { type: 'integer', minimum: 1, maximum: 100 },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 60_000 },
  },
};

/** Outcome of one probe. `open|filtered` is UDP silence: nothing refused the datagram. */
export type ProbeStatus = 'open' | 'closed' | 'open|filtered' | 'timeout' | 'error';

/** One probe. */
export interface PingProbe {
  /** What the probe saw. */
  status: ProbeStatus;
  /** Milliseconds until the answer (TCP connect, UDP reply or refusal); absent on silence. */
  latencyMs?: number;
  /** The system error, when `status` is `error`. */
  reason?: string;
}

/** What the ping module found. */
export interface PingElements {
  /** Destination as given. */
  destination: string;
  /** Address probed. */
  address: string;
  /** Protocol used. */
  protocol: 'tcp' | 'udp';
  /** Port probed. */
  port: number;
  /** At least one probe was answered (TCP connect, UDP reply) or, for UDP, not refused. */
  reachable: boolean;
  /** Each probe in order. */
  probes: PingProbe[];
}

/** Counters of a ping run. */
export interface PingStatistics {
  /** Probes sent. */
  sent: number;
  /** Probes that counted as reachable. */
  reachable: number;
  /** Wall time in milliseconds. */
  exectimeMs: number;
}

/** Parameters of the timedrift module. */
export interface TimedriftParams {
  /** Tolerated drift, e.g. `5s`, `500ms`, `2m`. @default '10s' */
  drift?: string;
  /** NTP servers as `host`, `host:port` or `[v6]:port`. @default ['pool.ntp.org'] */
  servers?: string[];
  /** How long to wait for each server, in milliseconds. @default 3000 */
  timeoutMs?: number;
}

/** JSON Schema of {@link TimedriftParams}. */
export const timedriftParamsSchema: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    drift: { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d)$' },
    servers: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 60_000 },
  },
};

/** One server's measurement. */
export interface TimedriftSample {
  /** Server as given. */
  server: string;
  /** Address that answered. */
  address: string;
  /** Server clock minus local clock, in milliseconds (positive: the local clock is behind). */
  offsetMs: number;
  /** Round-trip delay in milliseconds. */
  delayMs: number;
  /** Server stratum. */
  stratum: number;
  /** |offset| is above the tolerance. */
  drifted: boolean;
}

/** What the timedrift module found. */
export interface TimedriftElements {
  /** Some server saw a drift above the tolerance. */
  hasdrifted: boolean;
  /** Local time when the run started, ISO 8601. */
  localtime: string;
  /** Tolerance used, in milliseconds. */
  toleranceMs: number;
  /** One entry per server that answered. */
  drifts: TimedriftSample[];
}

/** Counters of a timedrift run. */
export interface TimedriftStatistics {
  /** Servers asked. */
  queried: number;
  /** Servers that answered. */
  answered: number;
  /** Wall time in milliseconds. */
  exectimeMs: number;
}

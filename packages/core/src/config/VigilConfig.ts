/** One entry of a plugin list: a plugin by name, or a preset (a bundle of plugins). */
export interface PluginEntry {
  /** Plugin name, e.g. `enrich:geoip`. */
  plugin?: string;
  /** Preset name, e.g. `default`. */
  preset?: string;
  /** Options for the plugin's factory. */
  options?: Record<string, unknown>;
}

/** A Vigil deployment's configuration (YAML), as validated by `schemas/config.schema.json`. */
export interface VigilConfig {
  /** Deployment role. @default 'standalone' */
  role?: 'standalone' | 'ingest' | 'worker' | 'correlator';
  /** RabbitMQ between tiers. */
  amqp?: {
    url?: string;
    exchange?: string;
    queue?: string;
    routingKey?: string;
    framing?: 'batch' | 'mozdef';
    eventsPerMessage?: number;
    prefetch?: number;
    maxAttempts?: number;
    retryDelayMs?: number;
    consume?: boolean;
    correlationTier?: boolean;
  };
  /** HTTP server. */
  server?: { host?: string; port?: number; maxBodyBytes?: number; logRequests?: boolean };
  /** Store. */
  store?: { type?: 'sqlite' | 'elasticsearch'; dataDir?: string; retentionDays?: number; node?: string | string[]; indexPrefix?: string };
  /** Normalization. */
  normalize?: { defaultTimeZone?: string };
  /** Pipeline sizing. */
  pipeline?: { maxInFlight?: number; batchSize?: number; sinkConcurrency?: number };
  /** Dead letters. */
  deadLetters?: { file?: string };
  /** Plugin packages to load. */
  packages?: string[];
  /** Enrichment plugins and presets, in order. */
  enrichment?: PluginEntry[];
  /** Correlation plugins. */
  correlation?: PluginEntry[];
  /** Response plugins. */
  response?: PluginEntry[];
}

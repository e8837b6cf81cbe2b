import type { Registry } from 'prom-client';
import type { Pipeline } from '../pipeline/Pipeline';
import type { EventStore } from '../stores/EventStore';

/** Options of `createHttpServer`. */
export interface HttpServerOptions {
  /** The pipeline events are ingested into. */
  pipeline: Pipeline;
  /** The store searches run against; without one (an ingest tier) the search API is not served. */
  store?: EventStore;
  /** Prometheus registry served on `GET /metrics`. */
  metrics?: Registry;
  /** Largest request body accepted, in bytes; larger gets 413. @default 67108864 (64 MiB) */
  maxBodyBytes?: number;
  /** Largest number of hits a search may ask for. @default 10000 */
  maxSearchSize?: number;
  /** Log requests (pino, through fastify). @default false */
  logger?: boolean | { level: string };
  /** Version reported by `GET /status`. */
  version?: string;
}

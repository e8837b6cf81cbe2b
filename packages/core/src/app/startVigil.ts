import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildPlugins } from '../config/buildPlugins';
import { loadCatalogs } from '../config/loadCatalogs';
import type { PluginCatalog } from '../config/PluginCatalog';
import type { VigilConfig } from '../config/VigilConfig';
import { createDeadLetterFile } from '../deadletters/createDeadLetterFile';
import { createHttpServer } from '../http/createHttpServer';
import { createMetrics, type PipelineMetrics } from '../metrics/createMetrics';
import { createPipeline } from '../pipeline/createPipeline';
import type { Pipeline } from '../pipeline/Pipeline';
import type { EventStore } from '../stores/EventStore';
import { createSqliteStore } from '../stores/SqliteStore';

/** A running Vigil deployment. */
export interface VigilInstance {
  /** The pipeline. */
  readonly pipeline: Pipeline;
  /** The store. */
  readonly store: EventStore;
  /** The HTTP server. */
  readonly http: FastifyInstance;
  /** Prometheus metrics. */
  readonly metrics: PipelineMetrics;
  /** Base URL the server listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Data directory in use. */
  readonly dataDir: string;
  /** Stop serving, drain the pipeline, close the store. Safe to call twice. */
  shutdown(): Promise<void>;
}

/** Extra wiring for `startVigil`, mainly for tests and embedding. */
export interface StartOptions {
  /** Catalogs to use instead of importing `config.packages`. */
  catalogs?: readonly PluginCatalog[];
  /** Version reported by `/status`. */
  version?: string;
}

/** The pipeline and store of a deployment, without the HTTP server (for `vigil ingest --data`, embedding). */
export interface VigilCore {
  /** The pipeline, started. */
  readonly pipeline: Pipeline;
  /** The store, started. */
  readonly store: EventStore;
  /** Data directory in use. */
  readonly dataDir: string;
  /** Drain the pipeline and close the store. */
  shutdown(): Promise<void>;
}

/** Builds and starts the store and the pipeline (plugins, dead letters) from a configuration. */
export async function createVigilCore(config: VigilConfig = {}, options: StartOptions = {}): Promise<VigilCore> {
  const dataDir = resolve(config.store?.dataDir ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const catalogs = options.catalogs ?? (await loadCatalogs(config.packages));
  const plugins = buildPlugins(config, catalogs);
  const store = createSqliteStore({ dataDir });
  await store.start();
  const pipeline = createPipeline({
    store,
    enrichment: plugins.enrichment,
    correlation: plugins.correlation,
    response: plugins.response,
    deadLetterSink: createDeadLetterFile(config.deadLetters?.file ?? join(dataDir, 'dead-letters.ndjson')),
    ...(config.normalize ? { normalize: config.normalize } : {}),
    ...(config.pipeline?.maxInFlight === undefined ? {} : { maxInFlight: config.pipeline.maxInFlight }),
    ...(config.pipeline?.batchSize === undefined ? {} : { batchSize: config.pipeline.batchSize }),
    ...(config.pipeline?.sinkConcurrency === undefined ? {} : { sinkConcurrency: config.pipeline.sinkConcurrency }),
  });
  try {
    await pipeline.start();
  } catch (error) {
    await store.shutdown();
    throw error;
  }
  return {
    pipeline,
    store,
    dataDir,
    async shutdown() {
      await pipeline.shutdown();
      await store.shutdown();
    },
  };
}

/**
 * Starts a deployment from a configuration: the store, the pipeline with its plugins, metrics,
 * dead letters and the HTTP server. With an empty configuration this is the reference deployment.
 */
export async function startVigil(config: VigilConfig = {}, options: StartOptions = {}): Promise<VigilInstance> {
  const core = await createVigilCore(config, options);
  const { pipeline, store, dataDir } = core;
  const metrics = createMetrics(pipeline);
  const http = createHttpServer({
    pipeline,
    store,
    metrics: metrics.registry,
    logger: config.server?.logRequests ?? false,
    ...(config.server?.maxBodyBytes === undefined ? {} : { maxBodyBytes: config.server.maxBodyBytes }),
    ...(options.version === undefined ? {} : { version: options.version }),
  });
  let address: string;
  try {
    address = await http.listen({ host: config.server?.host ?? '127.0.0.1', port: config.server?.port ?? 8080 });
  } catch (error) {
    metrics.stop();
    await core.shutdown();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    pipeline,
    store,
    http,
    metrics,
    url: address,
    dataDir,
    shutdown() {
      stopping ??= (async () => {
        await http.close();
        metrics.stop();
        await core.shutdown();
      })();
      return stopping;
    },
  };
}

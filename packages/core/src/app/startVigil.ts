import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildPlugins } from '../config/buildPlugins';
import { componentToken, createContainer, type SinkFactory, type SourceFactory, type StoreFactory } from '../config/createContainer';
import { loadCatalogs } from '../config/loadCatalogs';
import type { PluginCatalog } from '../config/PluginCatalog';
import type { VigilConfig } from '../config/VigilConfig';
import { createDeadLetterFile } from '../deadletters/createDeadLetterFile';
import { VigilError } from '../errors/VigilError';
import { createHttpServer } from '../http/createHttpServer';
import { createMetrics, type PipelineMetrics } from '../metrics/createMetrics';
import { createPipeline } from '../pipeline/createPipeline';
import type { Pipeline } from '../pipeline/Pipeline';
import type { AmqpSource } from '../sources/AmqpSource';
import { discardSink } from '../sinks/discardSink';
import type { EventSink } from '../sinks/EventSink';
import type { EventStore } from '../stores/EventStore';

/** The pipeline, store and sources of a deployment, without the HTTP server (for `vigil ingest --data`, embedding). */
export interface VigilCore {
  /** The role it runs in. */
  readonly role: 'standalone' | 'ingest' | 'worker' | 'correlator';
  /** The pipeline, started. */
  readonly pipeline: Pipeline;
  /** The store, started (absent in the ingest role, whose sink is RabbitMQ). */
  readonly store: EventStore | undefined;
  /** Sources feeding the pipeline besides HTTP (the AMQP consumer of a worker). */
  readonly sources: readonly AmqpSource[];
  /** Data directory in use. */
  readonly dataDir: string;
  /** Stop the sources, drain the pipeline, close the store. */
  shutdown(): Promise<void>;
}

/** A running Vigil deployment. */
export interface VigilInstance extends VigilCore {
  /** The HTTP server. */
  readonly http: FastifyInstance;
  /** Prometheus metrics. */
  readonly metrics: PipelineMetrics;
  /** Base URL the server listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
}

/** Extra wiring for `startVigil`, mainly for tests and embedding. */
export interface StartOptions {
  /** Catalogs to use instead of importing `config.packages`. */
  catalogs?: readonly PluginCatalog[];
  /** Version reported by `/status`. */
  version?: string;
}

/** Pipeline batches written at once into a SQLite store, unless `pipeline.sinkConcurrency` says otherwise. */
const SQLITE_SINK_CONCURRENCY = 16;

/**
 * Builds and starts what a role needs from a configuration:
 * - `standalone`: store, pipeline with plugins (and an AMQP consumer when `amqp.consume`);
 * - `ingest`: a pipeline that normalizes and publishes to RabbitMQ with confirms (no store, no plugins);
 * - `worker`: store, pipeline with plugins, and an AMQP consumer.
 */
export async function createVigilCore(config: VigilConfig = {}, options: StartOptions = {}): Promise<VigilCore> {
  const role = config.role ?? 'standalone';
  if (role !== 'standalone' && !config.amqp) {
    throw new VigilError('CONFIG_INVALID', `role "${role}" needs an \`amqp:\` section (at least amqp.url) to reach the other tier`);
  }
  const dataDir = resolve(config.store?.dataDir ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const amqp = config.amqp ?? {};
  const topology = {
    ...(amqp.exchange === undefined ? {} : { exchange: amqp.exchange }),
    ...(amqp.queue === undefined ? {} : { queue: amqp.queue }),
    ...(amqp.routingKey === undefined ? {} : { routingKey: amqp.routingKey }),
  };
  const sizing = {
    ...(config.normalize ? { normalize: config.normalize } : {}),
    ...(config.pipeline?.maxInFlight === undefined ? {} : { maxInFlight: config.pipeline.maxInFlight }),
    ...(config.pipeline?.batchSize === undefined ? {} : { batchSize: config.pipeline.batchSize }),
    ...(config.pipeline?.sinkConcurrency === undefined ? {} : { sinkConcurrency: config.pipeline.sinkConcurrency }),
  };
  const deadLetterSink = createDeadLetterFile(config.deadLetters?.file ?? join(dataDir, 'dead-letters.ndjson'));

  const catalogs = role === 'ingest' ? [] : (options.catalogs ?? (await loadCatalogs(config.packages)));
  const container = createContainer(catalogs);
  const createAmqpSink = container.resolve<SinkFactory>(componentToken('sink', 'amqp'));
  const createAmqpSource = container.resolve<SourceFactory>(componentToken('source', 'amqp'));
  const storeType = config.store?.type ?? 'sqlite';
  if (role === 'ingest') {
    // Ids are assigned here, at the edge, so a redelivery downstream writes idempotently.
    const sink = createAmqpSink({
      ...(amqp.url === undefined ? {} : { url: amqp.url }),
      topology,
      ...(amqp.framing === undefined ? {} : { framing: amqp.framing }),
      ...(amqp.eventsPerMessage === undefined ? {} : { eventsPerMessage: amqp.eventsPerMessage }),
    });
    const pipeline = createPipeline({ sinks: [sink], deadLetterSink, ...sizing });
    await pipeline.start();
    return { role, pipeline, store: undefined, sources: [], dataDir, shutdown: () => pipeline.shutdown() };
  }

  const plugins = buildPlugins(config, catalogs, container);
  // The correlation tier: workers forward what they stored; one correlator runs the stateful rules on all of it.
  const tiered = amqp.correlationTier === true;
  const correlateTopology = {
    exchange: `${topology.queue ?? 'eventtask'}.correlate`,
    queue: `${topology.queue ?? 'eventtask'}.correlate`,
    routingKey: `${topology.queue ?? 'eventtask'}.correlate`,
    singleActiveConsumer: true,
  };
  if (role === 'correlator' && !tiered) {
    throw new VigilError('CONFIG_INVALID', 'role "correlator" needs amqp.correlationTier: true (and the workers need it too)');
  }
  const runsCorrelation = role === 'correlator' || !(role === 'worker' && tiered);
  const extraSinks: EventSink[] = [];
  if (role === 'worker' && tiered) {
    extraSinks.push(createAmqpSink({ ...(amqp.url === undefined ? {} : { url: amqp.url }), topology: correlateTopology, framing: 'batch' }));
  }
  if (role === 'correlator') extraSinks.push(discardSink());
  if (!container.isRegistered(componentToken('store', storeType))) {
    throw new VigilError('CONFIG_INVALID', `store.type "${storeType}" is not available: known stores are sqlite and elasticsearch`);
  }
  const store = container.resolve<StoreFactory>(componentToken('store', storeType))({
    dataDir,
    ...(config.store?.node === undefined ? {} : { node: config.store.node }),
    ...(config.store?.indexPrefix === undefined ? {} : { indexPrefix: config.store.indexPrefix }),
    ...(config.store?.retentionDays === undefined ? {} : { retentionDays: config.store.retentionDays }),
  });
  await store.start();
  const pipeline = createPipeline({
    store,
    storeEvents: role !== 'correlator',
    // The SQLite store's writer thread groups the writes in flight into one transaction: with 500-event batches,
    // four at a time made transactions of ~1,000 events and left this thread waiting on commits.
    ...(storeType === 'sqlite' ? { sinkConcurrency: SQLITE_SINK_CONCURRENCY } : {}),
    sinks: extraSinks,
    enrichment: role === 'correlator' ? [] : plugins.enrichment,
    correlation: runsCorrelation ? plugins.correlation : [],
    response: runsCorrelation ? plugins.response : [],
    deadLetterSink,
    ...sizing,
  });
  const sources: AmqpSource[] = [];
  let retention: NodeJS.Timeout | undefined;
  const retentionDays = config.store?.retentionDays;
  if (retentionDays !== undefined && 'deleteBefore' in store) {
    const prune = (): void => {
      (store as { deleteBefore(time: string): Promise<number> }).deleteBefore(`now-${retentionDays}d`).catch((error: unknown) => {
        process.stderr.write(`vigil: retention failed: ${(error as Error).message}\n`);
      });
    };
    prune();
    retention = setInterval(prune, 3_600_000);
    retention.unref();
  }
  try {
    await pipeline.start();
    if (role === 'worker' || role === 'correlator' || amqp.consume) {
      const source = createAmqpSource({
        ...(amqp.url === undefined ? {} : { url: amqp.url }),
        topology: role === 'correlator' ? correlateTopology : topology,
        ...(amqp.prefetch === undefined ? {} : { prefetch: amqp.prefetch }),
        ...(amqp.maxAttempts === undefined ? {} : { maxAttempts: amqp.maxAttempts }),
        ...(amqp.retryDelayMs === undefined ? {} : { retryDelayMs: amqp.retryDelayMs }),
      });
      await source.start(pipeline);
      sources.push(source);
    }
  } catch (error) {
    await pipeline.shutdown();
    await store.shutdown();
    throw error;
  }
  return {
    role,
    pipeline,
    store,
    sources,
    dataDir,
    async shutdown() {
      if (retention) clearInterval(retention);
      // Sources first (stop taking messages, ack what is in flight), then the pipeline, then the store.
      for (const source of sources) await source.shutdown();
      await pipeline.shutdown();
      await store.shutdown();
    },
  };
}

/**
 * Starts a deployment from a configuration: what `createVigilCore` builds for the role, plus metrics and the
 * HTTP server. With an empty configuration this is the reference deployment.
 */
export async function startVigil(config: VigilConfig = {}, options: StartOptions = {}): Promise<VigilInstance> {
  const core = await createVigilCore(config, options);
  const metrics = createMetrics(core.pipeline);
  const http = createHttpServer({
    pipeline: core.pipeline,
    ...(core.store ? { store: core.store } : {}),
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
    ...core,
    http,
    metrics,
    url: address,
    shutdown() {
      stopping ??= (async () => {
        await http.close();
        await core.shutdown();
        metrics.stop();
      })();
      return stopping;
    },
  };
}

// Errors
export { VigilError } from './errors/VigilError';

// The event model (where an event takes shape)
export type { Severity, VigilEvent } from './event/VigilEvent';
export type { AlertEventRef, VigilAlert } from './alert/VigilAlert';
export { createNormalizer, normalizeEvent, NORMALIZE_ERROR_CODES, NORMALIZE_TAGS } from './event/normalizeEvent';
export type { NormalizeErrorCode, NormalizeOptions, NormalizeResult, Normalizer } from './event/normalizeEvent';
export { eventSchema, validateEvent } from './event/eventSchema';
export type { EventValidation } from './event/eventSchema';
export { createEventId } from './event/createEventId';
export { parseTimestamp } from './event/parseTimestamp';
export type { ParseTimestampOptions } from './event/parseTimestamp';
export { normalizeSeverity, SEVERITIES, severityFromSyslogCode, severityRank } from './event/severity';

// The pipeline (sources → normalize → enrich → sinks → correlate → respond)
export { createPipeline } from './pipeline/createPipeline';
export type { IngestItemResult, IngestResult, Pipeline, PipelineDescription } from './pipeline/Pipeline';
export type { DeadLetterSink, PipelineErrorHandler, PipelineOptions } from './pipeline/PipelineOptions';
export type { DeadLetter, DeadLetterStage } from './pipeline/DeadLetter';
export type { PipelineStage, PluginCounts, StageMetric } from './pipeline/StageMetric';
export { orderPlugins } from './pipeline/internal/EnrichmentChain';

// Plugin hooks
export type { CorrelationContext, CorrelationPlugin } from './plugins/CorrelationPlugin';
export type { EnrichmentContext, EnrichmentPlugin, EnrichmentResult, RegistrationTerms } from './plugins/EnrichmentPlugin';
export type { ResponseContext, ResponsePlugin } from './plugins/ResponsePlugin';

// Sources (where an event enters, besides HTTP)
export { createAmqpSource } from './sources/AmqpSource';
export type { AmqpSource, AmqpSourceOptions, AmqpSourceStats } from './sources/AmqpSource';
export { resolveTopology, declareTopology } from './amqp/AmqpTopology';
export type { AmqpTopology } from './amqp/AmqpTopology';
export type { AmqpFraming } from './amqp/AmqpFraming';

// Sinks and dead letters (where an event leaves)
export type { EventSink } from './sinks/EventSink';
export { storeSink } from './sinks/storeSink';
export { createAmqpSink } from './sinks/AmqpSink';
export type { AmqpSinkOptions } from './sinks/AmqpSink';
export { createDeadLetterFile } from './deadletters/createDeadLetterFile';

// Stores and the query model
export type { QueryNode } from './query/QueryNode';
export { parseQuery, MAX_QUERY_DEPTH, MAX_QUERY_LENGTH } from './query/parseQuery';
export type { ParseQueryOptions, ParseQueryResult } from './query/parseQuery';
export { compileQuery, MAX_COMPILED_DEPTH } from './query/compileQuery';
export type { CompiledQuery } from './query/compileQuery';
export { matchesQuery } from './query/matchesQuery';
export { parseTimeExpression } from './query/parseTimeExpression';
export { parseDuration } from './query/parseDuration';
export { ALERT_TOP_LEVEL_FIELDS, EVENT_TOP_LEVEL_FIELDS, resolveField } from './query/topLevelFields';
export { createSqliteStore } from './stores/SqliteStore';
export type { SqliteStore, SqliteStoreOptions } from './stores/SqliteStore';
export { createElasticsearchStore } from './stores/elasticsearch/ElasticsearchStore';
export type { ElasticsearchRetentionResult, ElasticsearchStore, ElasticsearchStoreOptions } from './stores/elasticsearch/ElasticsearchStore';
export type {
  AggregationBucket,
  AggregationRequest,
  AggregationResult,
  EventStore,
  SearchRequest,
  SearchResult,
  WriteResult,
} from './stores/EventStore';

// Log management: archives and restores
export { archiveEvents, scanEvents } from './archive/archiveEvents';
export type { ArchiveOptions } from './archive/archiveEvents';
export { readManifest, restoreArchive } from './archive/restoreArchive';
export type { RestoreResult } from './archive/restoreArchive';
export type { ArchiveFile, ArchiveManifest } from './archive/ArchiveManifest';

// HTTP, metrics, configuration, the assembled deployment
export { createHttpServer } from './http/createHttpServer';
export type { HttpServerOptions } from './http/HttpServerOptions';
export { createMetrics } from './metrics/createMetrics';
export type { PipelineMetrics } from './metrics/createMetrics';
export { parseConfig } from './config/parseConfig';
export type { ConfigResult } from './config/parseConfig';
export { loadConfig } from './config/loadConfig';
export type { PluginEntry, VigilConfig } from './config/VigilConfig';
export type { PluginCatalog, PluginFactory } from './config/PluginCatalog';
export { buildPlugins } from './config/buildPlugins';
export type { BuiltPlugins } from './config/buildPlugins';
export { DEFAULT_PLUGIN_PACKAGES, loadCatalogs } from './config/loadCatalogs';
export { createVigilCore, startVigil } from './app/startVigil';
export type { StartOptions, VigilCore, VigilInstance } from './app/startVigil';
export { tuneRuntime } from './app/tuneRuntime';
export type { RuntimeTuning } from './app/tuneRuntime';
export { VERSION } from './version';

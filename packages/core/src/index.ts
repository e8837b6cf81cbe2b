export { VigilError } from './errors/VigilError';
export type { AlertEventRef, VigilAlert } from './alert/VigilAlert';
export type { Severity, VigilEvent } from './event/VigilEvent';
export type { DeadLetter, DeadLetterStage } from './pipeline/DeadLetter';
export type { CorrelationContext, CorrelationPlugin } from './plugins/CorrelationPlugin';
export type { EnrichmentContext, EnrichmentPlugin, EnrichmentResult, RegistrationTerms } from './plugins/EnrichmentPlugin';
export type { ResponseContext, ResponsePlugin } from './plugins/ResponsePlugin';
export type { QueryNode } from './query/QueryNode';
export type {
  AggregationBucket,
  AggregationRequest,
  AggregationResult,
  EventStore,
  SearchRequest,
  SearchResult,
  WriteResult,
} from './stores/EventStore';

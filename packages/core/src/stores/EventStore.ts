import type { VigilAlert } from '../alert/VigilAlert';
import type { VigilEvent } from '../event/VigilEvent';
import type { QueryNode } from '../query/QueryNode';

/** A search over events or alerts. */
export interface SearchRequest {
  /** Parsed query, or a query string in Vigil's Lucene-like syntax. @default match all */
  query?: QueryNode | string;
  /** Start of the time range (inclusive), on `utctimestamp`. ISO-8601 or relative (`now-1h`). */
  from?: string;
  /** End of the time range (inclusive). ISO-8601 or relative. */
  to?: string;
  /** Maximum hits. @default 100 */
  size?: number;
  /** Hits to skip. @default 0 */
  offset?: number;
  /** Order on `utctimestamp`. @default 'desc' */
  sort?: 'asc' | 'desc';
}

/** Hits of a search, newest first unless asked otherwise. */
export interface SearchResult<T> {
  /** Total matching documents (not only those returned). */
  total: number;
  /** The documents. */
  hits: T[];
}

/** An aggregation over events matching a search. */
export type AggregationRequest = Omit<SearchRequest, 'size' | 'offset' | 'sort'> &
  (
    | { /** Top-N count by field. */ type: 'terms'; field: string; size?: number }
    | { /** Count per time bucket. */ type: 'date_histogram'; interval: string }
  );

/** One bucket: a field value (terms) or a bucket start time in ISO-8601 (date histogram). */
export interface AggregationBucket {
  /** Field value or bucket start. */
  key: string;
  /** Documents in the bucket. */
  count: number;
}

/** Buckets of an aggregation plus the total of matching documents. */
export interface AggregationResult {
  /** Documents that matched the search. */
  total: number;
  /** Buckets, by count descending (terms) or by time ascending (date histogram). */
  buckets: AggregationBucket[];
}

/** What a write did, per item. A write resolves only once the items are durable. */
export interface WriteResult {
  /** Items newly written. */
  written: number;
  /** Items whose id was already stored (idempotent re-delivery). */
  duplicates: number;
  /** Items refused, by their index in the batch, with why. */
  failed: Array<{ index: number; id: string; reason: string }>;
}

/**
 * A store: where events and alerts become durable and searchable.
 * Lifecycle: `start()`, `flush()`, `shutdown()` (safe to call twice; drains in-flight writes).
 */
export interface EventStore {
  /** Namespaced name, e.g. `'store:sqlite'`. */
  readonly name: string;
  /** Open connections, create schema. */
  start(): Promise<void>;
  /** Write events; resolves once they are durable. */
  writeEvents(events: readonly VigilEvent[]): Promise<WriteResult>;
  /** Write alerts; resolves once they are durable. */
  writeAlerts(alerts: readonly VigilAlert[]): Promise<WriteResult>;
  /** Search events. */
  search(request: SearchRequest): Promise<SearchResult<VigilEvent>>;
  /** Search alerts (same query language, over alert fields). */
  searchAlerts(request: SearchRequest): Promise<SearchResult<VigilAlert>>;
  /** Aggregate events. */
  aggregate(request: AggregationRequest): Promise<AggregationResult>;
  /** Add tags to stored events (e.g. the name of an alert they raised). */
  tagEvents(ids: readonly string[], tags: readonly string[]): Promise<void>;
  /** Make everything written so far durable. */
  flush(): Promise<void>;
  /** Drain and close. Safe to call twice. */
  shutdown(): Promise<void>;
}

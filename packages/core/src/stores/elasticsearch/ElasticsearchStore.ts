import { Client, type errors, type estypes } from '@elastic/elasticsearch';
import type { VigilAlert } from '../../alert/VigilAlert';
import { VigilError } from '../../errors/VigilError';
import type { VigilEvent } from '../../event/VigilEvent';
import { parseDuration } from '../../query/parseDuration';
import { ALERT_TOP_LEVEL_FIELDS, EVENT_TOP_LEVEL_FIELDS, resolveField } from '../../query/topLevelFields';
import type {
  AggregationRequest,
  AggregationResult,
  EventStore,
  SearchRequest,
  SearchResult,
  WriteResult,
} from '../EventStore';
import { dailyIndex, dayOfIndex, indicesOlderThan, monthlyIndex, yesterday } from './internal/indexNames';
import {
  ALERT_DATE_FIELDS,
  ALERT_MAPPINGS,
  EVENT_DATE_FIELDS,
  EVENT_MAPPINGS,
  indexTemplate,
} from './internal/indexTemplates';
import { planField } from './internal/queryToDsl';
import { resolvePaging } from '../internal/resolveSearchRequest';
import { requestQuery } from './internal/requestQuery';

/** Options of {@link createElasticsearchStore}. Give `node` or `client`. */
export interface ElasticsearchStoreOptions {
  /** Cluster URL(s), e.g. `http://127.0.0.1:9200`. */
  node?: string | string[];
  /** A configured client (auth, TLS, …); wins over `node`. The store closes it on shutdown. */
  client?: Client;
  /** Prefix of the daily event indices `<prefix>-YYYYMMDD`, and name of the alias over all of them. @default 'events' */
  indexPrefix?: string;
  /** Prefix of the monthly alert indices `<prefix>-YYYYMM`, and name of their alias. @default 'alerts' */
  alertsPrefix?: string;
  /** `refresh` of bulk writes: `'wait_for'` makes each write searchable before it resolves. @default false */
  refresh?: boolean | 'wait_for';
  /** Attempts of a bulk request, and of items refused with 429 or 5xx, before giving up. @default 5 */
  bulkMaxAttempts?: number;
  /** Largest body of one bulk request, in bytes (roughly); a bigger batch is sent in several. @default 10485760 */
  bulkMaxBytes?: number;
  /** First retry delay; doubles each attempt (with jitter). @default 200 */
  retryBaseMs?: number;
  /** When set, indices of days older than this are deleted at start and by the maintenance timer. */
  retentionDays?: number;
  /** Timeout of each request to the cluster (only used when the store builds the client). @default 30000 */
  requestTimeoutMs?: number;
  /** Primary shards of each new index. @default 1 */
  shards?: number;
  /** Replicas of each new index. @default 1 */
  replicas?: number;
  /** Priority of the index templates. @default 200 */
  templatePriority?: number;
  /** Period of maintenance (move the `-previous` alias, apply `retentionDays`); 0 turns it off. @default 3600000 */
  maintenanceIntervalMs?: number;
  /** Receives maintenance failures (they never throw). @default process.emitWarning */
  onError?: (error: VigilError) => void;
  /** Largest `size + offset` a search may ask for (the indices' `max_result_window`). @default 10000 */
  maxResultWindow?: number;
}

/** Indices touched by a retention call. */
export interface ElasticsearchRetentionResult {
  /** Index names, oldest first. */
  indices: string[];
}

/** The Elasticsearch event store: an {@link EventStore} plus index retention. */
export interface ElasticsearchStore extends EventStore {
  /** Deletes the daily event indices of days older than `days` days before today (UTC); alerts are kept. */
  deleteOlderThan(days: number): Promise<ElasticsearchRetentionResult>;
  /** Closes (keeps on disk, unsearchable) the open daily event indices older than `days` days. */
  closeOlderThan(days: number): Promise<ElasticsearchRetentionResult>;
  /** Points the `<prefix>-previous` alias at yesterday's index, if it exists (the maintenance timer does this). */
  rotateAliases(now?: Date): Promise<void>;
}

interface PendingItem {
  /** Index of the item in the caller's batch. */
  index: number;
  id: string;
  target: string;
  /** The item as JSON. */
  doc: string;
}

const MAX_BUCKET_SIZE = 10_000;
const DELETE_CHUNK = 50;

/**
 * Creates a store on Elasticsearch 9 (`@elastic/elasticsearch` 9.4): daily event indices behind an alias,
 * monthly alert indices, a composable index template with explicit mappings, idempotent bulk writes with
 * per-item retries, and queries translated to the Query DSL with the semantics of docs/search.md.
 * See docs/elasticsearch.md.
 */
export function createElasticsearchStore(options: ElasticsearchStoreOptions): ElasticsearchStore {
  const eventsPrefix = options.indexPrefix ?? 'events';
  const alertsPrefix = options.alertsPrefix ?? 'alerts';
  for (const [key, prefix] of [
    ['indexPrefix', eventsPrefix],
    ['alertsPrefix', alertsPrefix],
  ] as const) {
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(prefix) || prefix.length > 200) {
      throw new VigilError('CONFIG_INVALID', `${key} '${prefix}' is not an index name: use lower-case letters, digits, '_', '.', '-'`);
    }
  }
  if (eventsPrefix === alertsPrefix) {
    throw new VigilError('CONFIG_INVALID', 'indexPrefix and alertsPrefix must differ');
  }
  const maxAttempts = positiveInteger('bulkMaxAttempts', options.bulkMaxAttempts ?? 5);
  const retryBaseMs = nonNegative('retryBaseMs', options.retryBaseMs ?? 200);
  const bulkMaxBytes = positiveInteger('bulkMaxBytes', options.bulkMaxBytes ?? 10 * 1024 * 1024);
  const refresh = options.refresh ?? false;
  const maxResultWindow = options.maxResultWindow ?? 10_000;
  const maintenanceMs = nonNegative('maintenanceIntervalMs', options.maintenanceIntervalMs ?? 3_600_000);
  const maxResultWindowChecked = positiveInteger('maxResultWindow', maxResultWindow);
  const retentionDays = options.retentionDays;
  if (retentionDays !== undefined) positiveInteger('retentionDays', retentionDays);
  const onError =
    options.onError ?? ((error: VigilError) => process.emitWarning(error.message, { code: error.code }));
  const settings = {
    shards: positiveInteger('shards', options.shards ?? 1),
    replicas: options.replicas === 0 ? 0 : positiveInteger('replicas', options.replicas ?? 1),
  };
  const priority = options.templatePriority ?? 200;
  let client: Client;
  if (options.client !== undefined) {
    client = options.client;
  } else if (options.node !== undefined) {
    client = new Client({ node: options.node, requestTimeout: options.requestTimeoutMs ?? 30_000, maxRetries: 0 });
  } else {
    throw new VigilError('CONFIG_INVALID', 'createElasticsearchStore needs `node` (cluster URL) or `client`');
  }

  let started = false;
  let closed = false;
  let shutdownPromise: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<unknown>>();

  function ready(): void {
    if (closed) throw new VigilError('STORE_CLOSED', 'the Elasticsearch store is shut down; create a new one');
    if (!started) throw new VigilError('STORE_NOT_STARTED', 'call start() on the Elasticsearch store before using it');
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const done = (): void => {
      inFlight.delete(promise);
    };
    promise.then(done, done);
    return promise;
  }

  /** Runs a request, retrying connection errors, timeouts, 429 and 5xx; then throws STORE_UNAVAILABLE. */
  async function request<T>(what: string, run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!isTransient(error) || attempt >= maxAttempts) throw storeError(what, error, attempt);
        await sleep(backoff(attempt));
      }
    }
  }

  function backoff(attempt: number): number {
    const full = retryBaseMs * 2 ** (attempt - 1);
    return full / 2 + Math.random() * (full / 2);
  }

  /** Validates items; refused items are reported by index. */
  function prepare(items: readonly unknown[], indexOf: (time: Date) => string): { items: PendingItem[]; failed: WriteResult['failed'] } {
    const prepared: PendingItem[] = [];
    const failed: WriteResult['failed'] = [];
    items.forEach((item, index) => {
      const record = item as { id?: unknown; utctimestamp?: unknown } | null;
      const id = typeof record?.id === 'string' ? record.id : '';
      if (typeof record !== 'object' || record === null || id === '') {
        failed.push({ index, id, reason: 'id must be a non-empty string' });
        return;
      }
      const time = typeof record.utctimestamp === 'string' ? new Date(record.utctimestamp) : null;
      if (time === null || Number.isNaN(time.getTime())) {
        failed.push({ index, id, reason: 'utctimestamp must be an ISO-8601 string' });
        return;
      }
      if (Buffer.byteLength(id) > 512) {
        failed.push({ index, id, reason: 'id is longer than the 512 bytes Elasticsearch allows in _id' });
        return;
      }
      let doc: string;
      try {
        // Serialised once here, so that one bad item fails alone and retries do not serialise again.
        doc = JSON.stringify(item);
      } catch (error) {
        failed.push({ index, id, reason: `not serialisable as JSON: ${(error as Error).message}` });
        return;
      }
      prepared.push({ index, id, target: indexOf(time), doc });
    });
    return { items: prepared, failed };
  }

  /** Bulk-creates items with `_id` = id, in requests of at most `bulkMaxBytes`; see {@link sendBulk}. */
  async function bulkCreate(all: readonly unknown[], indexOf: (time: Date) => string): Promise<WriteResult> {
    const { items, failed } = prepare(all, indexOf);
    const result: WriteResult = { written: 0, duplicates: 0, failed };
    let chunk: PendingItem[] = [];
    let bytes = 0;
    for (const item of items) {
      const size = item.doc.length + item.id.length + item.target.length + 48;
      if (chunk.length > 0 && bytes + size > bulkMaxBytes) {
        await sendBulk(chunk, result);
        chunk = [];
        bytes = 0;
      }
      chunk.push(item);
      bytes += size;
    }
    if (chunk.length > 0) await sendBulk(chunk, result);
    result.failed.sort((a, b) => a.index - b.index);
    return result;
  }

  /** One bulk request and its per-item outcome; retries 429/5xx items only; 409 is a duplicate. */
  async function sendBulk(items: readonly PendingItem[], result: WriteResult): Promise<void> {
    let pending = items;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const operations: unknown[] = [];
      for (const item of pending) operations.push({ create: { _index: item.target, _id: item.id } }, item.doc);
      const response = await request('bulk write', () =>
        client.bulk({ operations: operations as NonNullable<estypes.BulkRequest['operations']>, refresh }),
      );
      const retry: PendingItem[] = [];
      const retryReasons: string[] = [];
      pending.forEach((item, i) => {
        const outcome = response.items[i]?.create;
        if (outcome === undefined) {
          retry.push(item);
          retryReasons.push('no result for the item in the bulk response');
        } else if (outcome.status >= 200 && outcome.status < 300) {
          result.written++;
        } else if (outcome.status === 409) {
          result.duplicates++;
        } else if (outcome.status === 429 || outcome.status >= 500) {
          retry.push(item);
          retryReasons.push(reasonOf(outcome));
        } else {
          result.failed.push({ index: item.index, id: item.id, reason: reasonOf(outcome) });
        }
      });
      if (retry.length > 0 && attempt >= maxAttempts) {
        retry.forEach((item, i) =>
          result.failed.push({
            index: item.index,
            id: item.id,
            reason: `${retryReasons[i] ?? 'refused'} (gave up after ${attempt} attempts)`,
          }),
        );
        return;
      }
      if (retry.length > 0) await sleep(backoff(attempt));
      pending = retry;
    }
  }

  async function runSearch<T>(req: SearchRequest, alias: string, topLevel: ReadonlySet<string>, dates: ReadonlySet<string>): Promise<SearchResult<T>> {
    ready();
    const { size, offset, order } = resolvePaging(req, maxResultWindowChecked);
    const query = requestQuery(req, topLevel, dates);
    const response = await request('search', () =>
      client.search<T>({
        index: alias,
        query,
        from: offset,
        size,
        sort: [{ utctimestamp: { order, unmapped_type: 'date' } }, { id: { order, unmapped_type: 'keyword' } }],
        track_total_hits: true,
        ignore_unavailable: true,
        allow_no_indices: true,
      }),
    );
    return { total: totalOf(response.hits.total), hits: response.hits.hits.map((hit) => hit._source as T) };
  }

  async function runAggregate(agg: AggregationRequest): Promise<AggregationResult> {
    ready();
    const query = requestQuery(agg, EVENT_TOP_LEVEL_FIELDS, EVENT_DATE_FIELDS);
    let aggregation: estypes.AggregationsAggregationContainer;
    if (agg.type === 'terms') {
      const size = agg.size ?? 10;
      if (!Number.isInteger(size) || size < 1 || size > MAX_BUCKET_SIZE) {
        throw new VigilError('QUERY_INVALID', `terms size must be an integer from 1 to ${MAX_BUCKET_SIZE}`);
      }
      const field = planField(resolveField(agg.field, EVENT_TOP_LEVEL_FIELDS), EVENT_DATE_FIELDS).exact;
      aggregation = {
        terms: { field, size, shard_size: Math.max(size * 5, 500), order: [{ _count: 'desc' }, { _key: 'asc' }] },
      };
    } else {
      const interval = parseDuration(agg.interval);
      if (interval === null || interval < 1000) {
        throw new VigilError('QUERY_INVALID', `'${agg.interval}' is not an interval: use 1m, 5m, 1h, 1d or 1w`);
      }
      aggregation = { date_histogram: { field: 'utctimestamp', fixed_interval: `${interval}ms`, min_doc_count: 1 } };
    }
    const response = await request('aggregation', () =>
      client.search({
        index: eventsPrefix,
        query,
        size: 0,
        track_total_hits: true,
        ignore_unavailable: true,
        allow_no_indices: true,
        aggs: { buckets: aggregation },
      }),
    );
    return { total: totalOf(response.hits.total), buckets: bucketsOf(agg.type, response.aggregations?.['buckets']) };
  }

  async function listIndices(): Promise<Array<{ index: string; status: string }>> {
    const rows = await request('list indices', () =>
      client.cat.indices({ index: `${eventsPrefix}-*`, format: 'json', h: ['index', 'status'], expand_wildcards: ['open', 'closed'] }),
    );
    return (rows as Array<{ index?: string; status?: string }>)
      .filter((row) => typeof row.index === 'string' && dayOfIndex(eventsPrefix, row.index) !== null)
      .map((row) => ({ index: row.index as string, status: row.status ?? 'open' }));
  }

  async function retention(days: number, action: 'delete' | 'close'): Promise<ElasticsearchRetentionResult> {
    ready();
    positiveInteger('days', days);
    const rows = await listIndices();
    const candidates = action === 'close' ? rows.filter((r) => r.status !== 'close') : rows;
    const old = indicesOlderThan(eventsPrefix, candidates.map((r) => r.index), days, new Date());
    for (let i = 0; i < old.length; i += DELETE_CHUNK) {
      const chunk = old.slice(i, i + DELETE_CHUNK);
      if (action === 'delete') await request('delete indices', () => client.indices.delete({ index: chunk, ignore_unavailable: true }));
      else await request('close indices', () => client.indices.close({ index: chunk, ignore_unavailable: true }));
    }
    return { indices: old };
  }

  async function rotateAliases(now: Date = new Date()): Promise<void> {
    ready();
    const previous = dailyIndex(eventsPrefix, yesterday(now));
    const alias = `${eventsPrefix}-previous`;
    const exists = await request('check index', () => client.indices.exists({ index: previous }));
    if (!exists) return;
    await request('update aliases', () =>
      client.indices.updateAliases({
        actions: [
          { remove: { index: `${eventsPrefix}-*`, alias, must_exist: false } },
          { add: { index: previous, alias } },
        ],
      }),
    );
  }

  let maintaining = false;
  async function maintain(): Promise<void> {
    // A slow run is not overlapped by the next tick.
    if (maintaining) return;
    maintaining = true;
    try {
      await rotateAliases();
      if (retentionDays !== undefined) await retention(retentionDays, 'delete');
    } catch (error) {
      if (!closed) onError(error instanceof VigilError ? error : storeError('maintenance', error, 1));
    } finally {
      maintaining = false;
    }
  }

  return {
    name: 'store:elasticsearch',

    async start(): Promise<void> {
      if (closed) throw new VigilError('STORE_CLOSED', 'the Elasticsearch store is shut down; create a new one');
      if (started) return;
      await request('create index template', () =>
        client.indices.putIndexTemplate(indexTemplate(`vigil-${eventsPrefix}`, eventsPrefix, EVENT_MAPPINGS, settings, priority)),
      );
      await request('create index template', () =>
        client.indices.putIndexTemplate(indexTemplate(`vigil-${alertsPrefix}`, alertsPrefix, ALERT_MAPPINGS, settings, priority)),
      );
      started = true;
      try {
        await rotateAliases();
        if (retentionDays !== undefined) await retention(retentionDays, 'delete');
      } catch (error) {
        started = false;
        throw error;
      }
      if (maintenanceMs > 0) {
        timer = setInterval(() => void maintain(), maintenanceMs);
        timer.unref();
      }
    },

    writeEvents(events: readonly VigilEvent[]): Promise<WriteResult> {
      try {
        ready();
      } catch (error) {
        return Promise.reject(error);
      }
      return track(bulkCreate(events, (time) => dailyIndex(eventsPrefix, time)));
    },

    writeAlerts(alerts: readonly VigilAlert[]): Promise<WriteResult> {
      try {
        ready();
      } catch (error) {
        return Promise.reject(error);
      }
      return track(bulkCreate(alerts, (time) => monthlyIndex(alertsPrefix, time)));
    },

    search(req: SearchRequest): Promise<SearchResult<VigilEvent>> {
      return runSearch<VigilEvent>(req, eventsPrefix, EVENT_TOP_LEVEL_FIELDS, EVENT_DATE_FIELDS);
    },

    searchAlerts(req: SearchRequest): Promise<SearchResult<VigilAlert>> {
      return runSearch<VigilAlert>(req, alertsPrefix, ALERT_TOP_LEVEL_FIELDS, ALERT_DATE_FIELDS);
    },

    aggregate(req: AggregationRequest): Promise<AggregationResult> {
      return runAggregate(req);
    },

    async tagEvents(ids: readonly string[], tags: readonly string[]): Promise<void> {
      ready();
      const added = [...new Set(tags.filter((t) => typeof t === 'string'))];
      const targets = [...new Set(ids.filter((id) => typeof id === 'string' && id !== ''))];
      if (targets.length === 0 || added.length === 0) return;
      await track(
        (async () => {
          // The script is idempotent, so version conflicts (a concurrent write to the same event) are simply run again.
          for (let attempt = 1; ; attempt++) {
            const response = await request('tag events', () =>
              client.updateByQuery({
                index: eventsPrefix,
                query: { terms: { id: targets } },
                script: { lang: 'painless', source: TAG_SCRIPT, params: { tags: added } },
                conflicts: 'proceed',
                refresh: refresh !== false,
                ignore_unavailable: true,
                allow_no_indices: true,
              }),
            );
            if ((response.failures ?? []).length > 0) {
              throw storeError('tag events', new Error(JSON.stringify(response.failures?.[0])), attempt);
            }
            if ((response.version_conflicts ?? 0) === 0) return;
            if (attempt >= maxAttempts) {
              throw new VigilError('STORE_FAILED', `tagging events kept conflicting with concurrent writes after ${attempt} attempts; retry`);
            }
            await sleep(backoff(attempt));
          }
        })(),
      );
    },

    deleteOlderThan(days: number): Promise<ElasticsearchRetentionResult> {
      return retention(days, 'delete');
    },

    closeOlderThan(days: number): Promise<ElasticsearchRetentionResult> {
      return retention(days, 'close');
    },

    rotateAliases,

    async flush(): Promise<void> {
      if (!started || closed) return;
      await Promise.allSettled([...inFlight]);
      await request('refresh', () =>
        client.indices.refresh({
          index: [`${eventsPrefix}-*`, `${alertsPrefix}-*`],
          ignore_unavailable: true,
          allow_no_indices: true,
        }),
      );
    },

    shutdown(): Promise<void> {
      if (shutdownPromise !== null) return shutdownPromise;
      shutdownPromise = (async () => {
        if (timer !== null) clearInterval(timer);
        timer = null;
        const draining = [...inFlight];
        closed = true;
        await Promise.allSettled(draining);
        await client.close();
      })();
      return shutdownPromise;
    },
  };
}

/** Adds the missing tags; a no-op (no new version) when all are there. */
const TAG_SCRIPT = [
  'if (!(ctx._source.tags instanceof List)) { ctx._source.tags = new ArrayList(); }',
  'boolean changed = false;',
  'for (def t : params.tags) { if (!ctx._source.tags.contains(t)) { ctx._source.tags.add(t); changed = true; } }',
  "if (!changed) { ctx.op = 'noop'; }",
].join(' ');

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new VigilError('CONFIG_INVALID', `${name} must be a positive integer (got ${String(value)})`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new VigilError('CONFIG_INVALID', `${name} must be a number of at least 0 (got ${String(value)})`);
  }
  return value;
}

function totalOf(total: estypes.SearchTotalHits | number | undefined): number {
  if (typeof total === 'number') return total;
  return total?.value ?? 0;
}

function bucketsOf(type: AggregationRequest['type'], aggregate: estypes.AggregationsAggregate | undefined): AggregationResult['buckets'] {
  const raw = (aggregate as { buckets?: unknown } | undefined)?.buckets;
  if (!Array.isArray(raw)) return [];
  return (raw as Array<{ key: unknown; key_as_string?: string; doc_count: number }>)
    .filter((b) => b.doc_count > 0)
    .map((b) => ({
      key:
        type === 'date_histogram'
          ? new Date(Number(b.key)).toISOString()
          : typeof b.key === 'string'
            ? b.key
            : (b.key_as_string ?? String(b.key)),
      count: b.doc_count,
    }));
}

function reasonOf(result: estypes.BulkResponseItem): string {
  const error = result.error;
  if (error === undefined) return `status ${result.status}`;
  const cause = error.caused_by?.reason;
  return `${result.status} ${error.type}: ${error.reason ?? ''}${cause ? ` (${cause})` : ''}`;
}

/**
 * Whether a request may succeed if sent again. Errors are told apart by name, not `instanceof`: the client ships
 * CommonJS and ESM builds, and a client from the other build throws the other build's classes.
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ResponseError') {
    const status = (error as Partial<errors.ResponseError>).meta?.statusCode ?? 0;
    return status === 429 || status >= 500;
  }
  return error.name === 'ConnectionError' || error.name === 'TimeoutError' || error.name === 'NoLivingConnectionsError';
}

function storeError(what: string, error: unknown, attempts: number): VigilError {
  if (error instanceof VigilError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const transient = isTransient(error);
  return new VigilError(
    transient ? 'STORE_UNAVAILABLE' : 'STORE_FAILED',
    `Elasticsearch ${what} failed${transient ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''}: ${message}`,
    { cause: error },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import type { VigilAlert } from '../alert/VigilAlert';
import { VigilError } from '../errors/VigilError';
import type { VigilEvent } from '../event/VigilEvent';
import { parseDuration } from '../query/parseDuration';
import { parseTimeExpression } from '../query/parseTimeExpression';
import { ALERT_TOP_LEVEL_FIELDS, EVENT_TOP_LEVEL_FIELDS, resolveField } from '../query/topLevelFields';
import type {
  AggregationBucket,
  AggregationRequest,
  AggregationResult,
  EventStore,
  SearchRequest,
  SearchResult,
  WriteResult,
} from './EventStore';
import { inlineWriteChannel } from './internal/inlineWriteChannel';
import { resolvePaging, resolveQuery } from './internal/resolveSearchRequest';
import { openReaderConnection, openWriterConnection } from './internal/sqliteSchema';
import { createSqliteWriter } from './internal/SqliteWriter';
import { startWriterThread, type WriterThread } from './internal/WriterThread';
import type { WriteChannel } from './internal/WriteChannel';
import { splitPattern } from '../query/internal/text';
import { wordWildcard } from '../query/internal/wildcard';
import {
  checkField,
  jsonPath,
  queryToSql,
  type SqlFragment,
  type SqlSchema,
  TEXT_FUNCTION,
  WORD_WILDCARD_FUNCTION,
} from './internal/queryToSql';

/** Options of {@link createSqliteStore}. Give `path` or `dataDir`. */
export interface SqliteStoreOptions {
  /** Directory holding the database file `vigil.db` (created if missing). */
  dataDir?: string;
  /** Database file (wins over `dataDir`); `':memory:'` for a throwaway store. */
  path?: string;
  /**
   * SQLite `synchronous` setting. With WAL, `NORMAL` never corrupts the database and loses nothing on a
   * process crash; an OS crash or power cut may lose the last transactions. `FULL` syncs every commit.
   * @default 'NORMAL'
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** Page cache of each connection (the writer's and the searches'), in MiB. @default 64 */
  cacheSizeMiB?: number;
  /** Largest `size + offset` a search may ask for. @default 10000 */
  maxResultWindow?: number;
  /**
   * Write on a thread of the store's own (node:worker_threads), so SQLite's work runs beside the caller's
   * parsing and serializing instead of between them; searches stay on the calling thread, on a second
   * connection. `':memory:'` stores always write on the calling thread.
   * @default true
   */
  writerThread?: boolean;
}

/** The embedded SQLite event store: an {@link EventStore} plus retention. */
export interface SqliteStore extends EventStore {
  /** The database file. */
  readonly path: string;
  /**
   * Deletes events whose `utctimestamp` is before `time` (ISO-8601 or relative such as `now-30d`); alerts are
   * kept. Resolves to the number of events deleted.
   */
  deleteBefore(time: string): Promise<number>;
}

const EVENTS: SqlSchema = {
  alias: 'e',
  columns: new Map(
    ['id', 'utctimestamp', 'hostname', 'category', 'source', 'severity', 'processname', 'summary'].map((c) => [c, c]),
  ),
  jsonColumns: new Map([['tags', 'tags']]),
  docColumn: 'doc',
  nocaseIndexed: new Set(['hostname', 'category']),
  ftsTable: 'events_fts',
};

const ALERTS: SqlSchema = {
  alias: 'e',
  columns: new Map(['id', 'utctimestamp', 'severity', 'category', 'summary'].map((c) => [c, c])),
  jsonColumns: new Map([['tags', 'tags']]),
  docColumn: 'doc',
  nocaseIndexed: new Set(),
  ftsTable: null,
};

const STATEMENT_CACHE_SIZE = 256;
const REGEX_CACHE_SIZE = 64;
const MAX_BUCKET_SIZE = 10_000;

/**
 * Creates the embedded store on SQLite (better-sqlite3): WAL journal, generated columns for the common
 * fields, an FTS5 index over `summary`, and writes on a thread of the store's own, where concurrent writes are
 * coalesced into one transaction (each caller resolves once its own rows are committed). See docs/search.md.
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const given = options.path ?? (options.dataDir === undefined ? undefined : join(options.dataDir, 'vigil.db'));
  if (given === undefined) {
    throw new VigilError('CONFIG_INVALID', 'createSqliteStore needs `dataDir` (a directory) or `path` (a file)');
  }
  const path: string = given;
  const synchronous = options.synchronous ?? 'NORMAL';
  const cacheSizeMiB = options.cacheSizeMiB ?? 64;
  const maxResultWindow = options.maxResultWindow ?? 10_000;
  const useThread = (options.writerThread ?? true) && path !== ':memory:';

  /** The connection searches run on (in a store without a writer thread, it writes too). */
  let db: Database.Database | null = null;
  let channel: WriteChannel | null = null;
  let thread: WriterThread | null = null;
  let closed = false;
  let startPromise: Promise<void> | null = null;
  let shutdownPromise: Promise<void> | null = null;
  const statements = new Map<string, Database.Statement>();
  const regexes = new Map<string, RegExp>();

  async function open(): Promise<void> {
    const connection = { synchronous, cacheSizeMiB };
    let conn: Database.Database;
    if (useThread) {
      // The thread creates or migrates the schema; searches then read beside it on their own connection.
      const started = await startWriterThread({ path, ...connection });
      try {
        if (shutdownPromise !== null) throw new VigilError('STORE_CLOSED', 'the SQLite store was shut down while it started');
        conn = openReaderConnection(path, connection);
      } catch (error) {
        await started.close();
        throw error;
      }
      thread = started;
      channel = started;
    } else {
      conn = openWriterConnection(path, connection);
      channel = inlineWriteChannel(createSqliteWriter(conn));
    }
    conn.function(TEXT_FUNCTION, { deterministic: true }, textMatch);
    conn.function(WORD_WILDCARD_FUNCTION, { deterministic: true }, wordMatch);
    db = conn;
  }

  function connection(): Database.Database {
    if (closed) throw new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one');
    if (db === null) throw new VigilError('STORE_NOT_STARTED', 'call start() on the SQLite store before using it');
    return db;
  }

  function statement(sql: string): Database.Statement {
    let stmt = statements.get(sql);
    if (stmt === undefined) {
      stmt = connection().prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      statements.set(sql, stmt);
    }
    return stmt;
  }

  function textMatch(text: unknown, source: unknown): number {
    if (typeof text !== 'string' || typeof source !== 'string') return 0;
    let re = regexes.get(source);
    if (re === undefined) {
      re = new RegExp(source, 'iu');
      if (regexes.size >= REGEX_CACHE_SIZE) regexes.delete(regexes.keys().next().value as string);
      regexes.set(source, re);
    }
    return re.test(text) ? 1 : 0;
  }

  const wordTests = new Map<string, (text: string) => boolean>();
  function wordMatch(text: unknown, pattern: unknown): number {
    if (typeof text !== 'string' || typeof pattern !== 'string') return 0;
    let test = wordTests.get(pattern);
    if (test === undefined) {
      test = wordWildcard(splitPattern(pattern));
      if (wordTests.size >= REGEX_CACHE_SIZE) wordTests.delete(wordTests.keys().next().value as string);
      wordTests.set(pattern, test);
    }
    return test(text) ? 1 : 0;
  }

  /** Validates and serialises items (one JSON.stringify each); refused items are reported by index. */
  function serialise(items: readonly unknown[]): { docs: string[]; failed: WriteResult['failed'] } {
    const docs: string[] = [];
    const failed: WriteResult['failed'] = [];
    items.forEach((item, index) => {
      const record = item as { id?: unknown; utctimestamp?: unknown } | null;
      const id = typeof record?.id === 'string' ? record.id : '';
      if (typeof record !== 'object' || record === null || id === '') {
        failed.push({ index, id, reason: 'id must be a non-empty string' });
      } else if (typeof record.utctimestamp !== 'string') {
        failed.push({ index, id, reason: 'utctimestamp must be an ISO-8601 string' });
      } else {
        try {
          docs.push(JSON.stringify(item));
        } catch (error) {
          failed.push({ index, id, reason: `not serialisable as JSON: ${(error as Error).message}` });
        }
      }
    });
    return { docs, failed };
  }

  function where(request: Omit<SearchRequest, 'size' | 'offset' | 'sort'>, schema: SqlSchema, topLevel: ReadonlySet<string>): SqlFragment {
    const resolved = resolveQuery(request, topLevel);
    const fragment = queryToSql(resolved.query, schema);
    const clauses = [fragment.sql];
    if (resolved.from !== undefined) {
      clauses.push(`${schema.alias}.utctimestamp >= ?`);
      fragment.params.push(resolved.from);
    }
    if (resolved.to !== undefined) {
      clauses.push(`${schema.alias}.utctimestamp <= ?`);
      fragment.params.push(resolved.to);
    }
    return { sql: clauses.join(' AND '), params: fragment.params };
  }

  function runSearch<T>(request: SearchRequest, table: string, schema: SqlSchema, topLevel: ReadonlySet<string>): SearchResult<T> {
    const paging = resolvePaging(request, maxResultWindow);
    const { size, offset } = paging;
    const order = paging.order === 'asc' ? 'ASC' : 'DESC';
    const filter = where(request, schema, topLevel);
    const total = statement(`SELECT count(*) FROM ${table} e WHERE ${filter.sql}`).pluck().get(...filter.params) as number;
    const hits =
      size === 0
        ? []
        : (statement(`SELECT json(e.doc) FROM ${table} e WHERE ${filter.sql} ORDER BY e.utctimestamp ${order}, e.seq ${order} LIMIT ? OFFSET ?`)
            .pluck()
            .all(...filter.params, size, offset) as string[]).map((doc) => JSON.parse(doc) as T);
    return { total, hits };
  }

  function runAggregate(request: AggregationRequest): AggregationResult {
    const filter = where(request, EVENTS, EVENT_TOP_LEVEL_FIELDS);
    const total = statement(`SELECT count(*) FROM events e WHERE ${filter.sql}`).pluck().get(...filter.params) as number;
    if (request.type === 'terms') {
      const size = request.size ?? 10;
      if (!Number.isInteger(size) || size < 1 || size > MAX_BUCKET_SIZE) {
        throw new VigilError('QUERY_INVALID', `terms size must be an integer from 1 to ${MAX_BUCKET_SIZE}`);
      }
      return { total, buckets: termsBuckets(resolveField(request.field, EVENT_TOP_LEVEL_FIELDS), size, filter) };
    }
    const interval = parseDuration(request.interval);
    if (interval === null || interval < 1000) {
      throw new VigilError('QUERY_INVALID', `'${request.interval}' is not an interval: use 1m, 5m, 1h, 1d or 1w`);
    }
    const seconds = interval / 1000;
    const rows = statement(
      `SELECT (s - ((s % ?) + ?) % ?) AS b, count(*) AS n FROM (SELECT unixepoch(e.utctimestamp) AS s FROM events e WHERE ${filter.sql}) WHERE s IS NOT NULL GROUP BY b ORDER BY b`,
    )
      .raw()
      .all(seconds, seconds, seconds, ...filter.params) as Array<[number, number]>;
    return { total, buckets: rows.map(([b, n]) => ({ key: new Date(b * 1000).toISOString(), count: n })) };
  }

  function termsBuckets(field: string, size: number, filter: SqlFragment): AggregationBucket[] {
    checkField(field);
    const column = EVENTS.columns.get(field);
    if (column !== undefined) {
      const rows = statement(
        `SELECT e.${column}, count(*) AS n FROM events e WHERE ${filter.sql} AND e.${column} IS NOT NULL GROUP BY e.${column} ORDER BY n DESC, e.${column} LIMIT ?`,
      )
        .raw()
        .all(...filter.params, size) as Array<[string, number]>;
      return rows.map(([key, count]) => ({ key: String(key), count }));
    }
    const jsonColumn = EVENTS.jsonColumns.get(field);
    const source = jsonColumn === undefined ? 'json_each(e.doc, ?)' : `json_each(e.${jsonColumn})`;
    const pathParams = jsonColumn === undefined ? [jsonPath(field)] : [];
    // A document counts once per value: an array element equal to an earlier element of the same array is skipped.
    const rows = statement(
      `SELECT j.type, j.value, count(*) FROM events e, ${source} j WHERE ${filter.sql} AND typeof(j.key) <> 'text' AND j.type IN ('text', 'integer', 'real', 'true', 'false') AND (j.key IS NULL OR NOT EXISTS (SELECT 1 FROM ${source} k WHERE k.key < j.key AND k.type = j.type AND k.value = j.value)) GROUP BY j.type, j.value`,
    )
      .raw()
      .all(...pathParams, ...filter.params, ...pathParams) as Array<[string, unknown, number]>;
    const counts = new Map<string, number>();
    for (const [type, value, count] of rows) {
      const key = type === 'true' || type === 'false' ? type : String(value);
      counts.set(key, (counts.get(key) ?? 0) + count);
    }
    return [...counts]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, size);
  }

  function readOnly<T>(run: () => T): Promise<T> {
    try {
      connection();
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error instanceof VigilError ? error : storeError(error));
    }
  }

  /** The channel writes go to, or why there is none. */
  function writable(): WriteChannel {
    if (closed || shutdownPromise !== null) throw new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one');
    if (channel === null) throw new VigilError('STORE_NOT_STARTED', 'call start() on the SQLite store before using it');
    return channel;
  }

  const store: SqliteStore = {
    name: 'store:sqlite',
    path,

    start(): Promise<void> {
      if (closed || shutdownPromise !== null) {
        return Promise.reject(new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one'));
      }
      startPromise ??= open().catch((error: unknown) => {
        startPromise = null;
        throw storeError(error);
      });
      return startPromise;
    },

    async writeEvents(events: readonly VigilEvent[]): Promise<WriteResult> {
      const writer = writable();
      const { docs, failed } = serialise(events);
      const count = docs.length;
      if (count === 0) return { written: 0, duplicates: 0, failed };
      // Only the count outlives the call: the texts are the writer's now and can die young here.
      const written = await writer.write({ type: 'events', docs });
      return { written, duplicates: count - written, failed };
    },

    async writeAlerts(alerts: readonly VigilAlert[]): Promise<WriteResult> {
      const writer = writable();
      const { docs, failed } = serialise(alerts);
      const count = docs.length;
      if (count === 0) return { written: 0, duplicates: 0, failed };
      const written = await writer.write({ type: 'alerts', docs });
      return { written, duplicates: count - written, failed };
    },

    search(request: SearchRequest): Promise<SearchResult<VigilEvent>> {
      return readOnly(() => runSearch<VigilEvent>(request, 'events', EVENTS, EVENT_TOP_LEVEL_FIELDS));
    },

    searchAlerts(request: SearchRequest): Promise<SearchResult<VigilAlert>> {
      return readOnly(() => runSearch<VigilAlert>(request, 'alerts', ALERTS, ALERT_TOP_LEVEL_FIELDS));
    },

    aggregate(request: AggregationRequest): Promise<AggregationResult> {
      return readOnly(() => runAggregate(request));
    },

    async tagEvents(ids: readonly string[], tags: readonly string[]): Promise<void> {
      const writer = writable();
      const added = [...new Set(tags.filter((t) => typeof t === 'string'))];
      if (ids.length === 0 || added.length === 0) return;
      await writer.write({ type: 'tag', ids: [...new Set(ids)], tags: added });
    },

    async deleteBefore(time: string): Promise<number> {
      const writer = writable();
      const cutoff = parseTimeExpression(time);
      if (cutoff === null) throw new VigilError('TIME_INVALID', `'${time}' is not a time: use ISO-8601 or now-30d`);
      return writer.write({ type: 'deleteBefore', before: cutoff.toISOString() });
    },

    async flush(): Promise<void> {
      if (channel === null || closed || shutdownPromise !== null) return;
      await channel.write({ type: 'barrier' });
    },

    shutdown(): Promise<void> {
      shutdownPromise ??= (async () => {
        await startPromise?.catch(() => undefined);
        // Writes already sent are answered (committed or failed) before the thread closes; later ones are refused.
        try {
          await channel?.close();
        } finally {
          closed = true;
          statements.clear();
          db?.close();
          db = null;
          channel = null;
          thread = null;
        }
      })();
      return shutdownPromise;
    },
  };
  writerThreads.set(store, () => thread?.worker);
  return store;
}

const writerThreads = new WeakMap<SqliteStore, () => Worker | undefined>();

/**
 * The writer thread a store runs now, if any. Internal (not exported by the package): for tests that make the
 * thread die mid-write.
 */
export function writerThreadOf(store: SqliteStore): Worker | undefined {
  return writerThreads.get(store)?.();
}

function storeError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VigilError('STORE_FAILED', `SQLite store failed: ${message}`, { cause: error });
}

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
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
import { resolvePaging, resolveQuery } from './internal/resolveSearchRequest';
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
  /** Page cache of the connection, in MiB. @default 64 */
  cacheSizeMiB?: number;
  /** Largest `size + offset` a search may ask for. @default 10000 */
  maxResultWindow?: number;
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

/**
 * Schema version kept in `PRAGMA user_version`; migrations step from one version to the next. Documents are
 * stored as SQLite JSONB (parsed once on write, so queries into `details` need no JSON parsing).
 */
const SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  doc BLOB NOT NULL,
  id TEXT NOT NULL AS (doc ->> '$.id') STORED,
  utctimestamp TEXT AS (doc ->> '$.utctimestamp') STORED,
  hostname TEXT AS (doc ->> '$.hostname') STORED,
  category TEXT AS (doc ->> '$.category') STORED,
  source TEXT AS (doc ->> '$.source') STORED,
  severity TEXT AS (doc ->> '$.severity') STORED,
  processname TEXT AS (doc ->> '$.processname') STORED,
  summary TEXT AS (doc ->> '$.summary') STORED,
  tags TEXT AS (doc -> '$.tags') STORED
);
CREATE UNIQUE INDEX events_id ON events (id);
CREATE INDEX events_time ON events (utctimestamp);
CREATE INDEX events_hostname ON events (hostname COLLATE NOCASE);
CREATE INDEX events_category ON events (category COLLATE NOCASE);
CREATE VIRTUAL TABLE events_fts USING fts5 (
  summary, content = 'events', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 0', columnsize = 0
);
CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY,
  doc BLOB NOT NULL,
  id TEXT NOT NULL AS (doc ->> '$.id') STORED,
  utctimestamp TEXT AS (doc ->> '$.utctimestamp') STORED,
  severity TEXT AS (doc ->> '$.severity') STORED,
  category TEXT AS (doc ->> '$.category') STORED,
  summary TEXT AS (doc ->> '$.summary') STORED,
  tags TEXT AS (doc -> '$.tags') STORED
);
CREATE UNIQUE INDEX alerts_id ON alerts (id);
CREATE INDEX alerts_time ON alerts (utctimestamp);
`;

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

interface PendingOp {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Creates the embedded store on SQLite (better-sqlite3): WAL journal, generated columns for the common
 * fields, an FTS5 index over `summary`, and concurrent writes coalesced into one transaction (each caller
 * resolves once its own rows are committed). See docs/search.md for the query semantics.
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const path = options.path ?? (options.dataDir === undefined ? undefined : join(options.dataDir, 'vigil.db'));
  if (path === undefined) {
    throw new VigilError('CONFIG_INVALID', 'createSqliteStore needs `dataDir` (a directory) or `path` (a file)');
  }
  const synchronous = options.synchronous ?? 'NORMAL';
  const cacheSizeMiB = options.cacheSizeMiB ?? 64;
  const maxResultWindow = options.maxResultWindow ?? 10_000;

  let db: Database.Database | null = null;
  let closed = false;
  let shutdownPromise: Promise<void> | null = null;
  let queue: PendingOp[] = [];
  let scheduled = false;
  const statements = new Map<string, Database.Statement>();
  const regexes = new Map<string, RegExp>();
  let writes: ReturnType<typeof prepareWrites> | null = null;

  function open(): Database.Database {
    if (closed) throw new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one');
    if (db === null) throw new VigilError('STORE_NOT_STARTED', 'call start() on the SQLite store before using it');
    return db;
  }

  function statement(sql: string): Database.Statement {
    let stmt = statements.get(sql);
    if (stmt === undefined) {
      stmt = open().prepare(sql);
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

  function prepareWrites(conn: Database.Database) {
    return {
      maxEventSeq: conn.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck(),
      insertEvent: conn.prepare('INSERT OR IGNORE INTO events (doc) VALUES (jsonb(?))'),
      indexEvents: conn.prepare('INSERT INTO events_fts (rowid, summary) SELECT seq, summary FROM events WHERE seq > ?'),
      insertAlert: conn.prepare('INSERT OR IGNORE INTO alerts (doc) VALUES (jsonb(?))'),
      eventTags: conn.prepare("SELECT seq, doc -> '$.tags' FROM events WHERE id = ?").raw(),
      setEventTags: conn.prepare("UPDATE events SET doc = jsonb_set(doc, '$.tags', json(?)) WHERE seq = ?"),
      unindexBefore: conn.prepare(
        "INSERT INTO events_fts (events_fts, rowid, summary) SELECT 'delete', seq, summary FROM events WHERE utctimestamp < ?",
      ),
      deleteBefore: conn.prepare('DELETE FROM events WHERE utctimestamp < ?'),
    };
  }

  function migrate(conn: Database.Database): void {
    const version = conn.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new VigilError(
        'STORE_SCHEMA_NEWER',
        `${path} has schema version ${version}, newer than this @vigil/core understands (${SCHEMA_VERSION}); upgrade @vigil/core`,
      );
    }
    if (version === SCHEMA_VERSION) return;
    // IMMEDIATE: two processes opening a new file at once must not both create the schema.
    conn.transaction(() => {
      if (conn.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
      const tables = conn.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('events', 'alerts')").pluck().get();
      if (tables !== 0) {
        throw new VigilError('STORE_SCHEMA_UNKNOWN', `${path} has Vigil tables but no schema version; use another file`);
      }
      conn.exec(SCHEMA_V1);
      conn.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }

  /** Runs the queued writes in one transaction; each in its own savepoint so one failure fails only its caller. */
  function drain(): void {
    scheduled = false;
    const ops = queue;
    queue = [];
    if (ops.length === 0 || db === null) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const conn = db;
    try {
      conn.transaction(() => {
        for (const op of ops) {
          try {
            outcomes.push({ ok: true, value: conn.transaction(op.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error: storeError(error) });
          }
        }
      })();
    } catch (error) {
      for (const op of ops) op.reject(storeError(error));
      return;
    }
    ops.forEach((op, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) op.resolve(outcome.value);
      else op.reject(outcome.error);
    });
  }

  function enqueue<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      open();
      queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    });
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
      open();
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error instanceof VigilError ? error : storeError(error));
    }
  }

  return {
    name: 'store:sqlite',
    path,

    start(): Promise<void> {
      if (db !== null) return Promise.resolve();
      if (closed) return Promise.reject(new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one'));
      try {
        if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
        const conn = new Database(path);
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma(`synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
          conn.pragma('temp_store = MEMORY');
          conn.pragma(`cache_size = ${-Math.max(1, Math.floor(cacheSizeMiB)) * 1024}`);
          conn.pragma('busy_timeout = 5000');
          conn.function(TEXT_FUNCTION, { deterministic: true }, textMatch);
          conn.function(WORD_WILDCARD_FUNCTION, { deterministic: true }, wordMatch);
          migrate(conn);
          writes = prepareWrites(conn);
        } catch (error) {
          conn.close();
          throw error;
        }
        db = conn;
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof VigilError ? error : storeError(error));
      }
    },

    async writeEvents(events: readonly VigilEvent[]): Promise<WriteResult> {
      open();
      const { docs, failed } = serialise(events);
      if (docs.length === 0) return { written: 0, duplicates: 0, failed };
      const written = await enqueue(() => {
        const w = writes as NonNullable<typeof writes>;
        const before = w.maxEventSeq.get() as number;
        let count = 0;
        for (const doc of docs) count += w.insertEvent.run(doc).changes;
        if (count > 0) w.indexEvents.run(before);
        return count;
      });
      return { written, duplicates: docs.length - written, failed };
    },

    async writeAlerts(alerts: readonly VigilAlert[]): Promise<WriteResult> {
      open();
      const { docs, failed } = serialise(alerts);
      if (docs.length === 0) return { written: 0, duplicates: 0, failed };
      const written = await enqueue(() => {
        const w = writes as NonNullable<typeof writes>;
        let count = 0;
        for (const doc of docs) count += w.insertAlert.run(doc).changes;
        return count;
      });
      return { written, duplicates: docs.length - written, failed };
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
      open();
      const added = [...new Set(tags.filter((t) => typeof t === 'string'))];
      if (ids.length === 0 || added.length === 0) return;
      const targets = [...new Set(ids)];
      await enqueue(() => {
        const w = writes as NonNullable<typeof writes>;
        for (const id of targets) {
          const row = w.eventTags.get(id) as [number, string | null] | undefined;
          if (row === undefined) continue;
          const parsed: unknown = row[1] === null ? [] : JSON.parse(row[1]);
          const current = Array.isArray(parsed) ? parsed : [];
          const merged = [...current, ...added.filter((t) => !current.includes(t))];
          if (merged.length !== current.length || !Array.isArray(parsed)) w.setEventTags.run(JSON.stringify(merged), row[0]);
        }
      });
    },

    async deleteBefore(time: string): Promise<number> {
      open();
      const cutoff = parseTimeExpression(time);
      if (cutoff === null) throw new VigilError('TIME_INVALID', `'${time}' is not a time: use ISO-8601 or now-30d`);
      const iso = cutoff.toISOString();
      return enqueue(() => {
        const w = writes as NonNullable<typeof writes>;
        w.unindexBefore.run(iso);
        return w.deleteBefore.run(iso).changes;
      });
    },

    async flush(): Promise<void> {
      if (db === null || closed) return;
      await enqueue(() => undefined);
    },

    shutdown(): Promise<void> {
      if (shutdownPromise !== null) return shutdownPromise;
      shutdownPromise = (async () => {
        if (db !== null && !closed) {
          await enqueue(() => undefined);
          drain();
        }
        closed = true;
        statements.clear();
        writes = null;
        db?.close();
        db = null;
      })();
      return shutdownPromise;
    },
  };
}

function storeError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VigilError('STORE_FAILED', `SQLite store failed: ${message}`, { cause: error });
}

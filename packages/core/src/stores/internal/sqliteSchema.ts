import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { VigilError } from '../../errors/VigilError';

/**
 * Schema version kept in `PRAGMA user_version`; migrations step from one version to the next. Documents are
 * stored as SQLite JSONB (parsed once on write, so queries into `details` need no JSON parsing).
 */
export const SCHEMA_VERSION = 1;

/**
 * Page size of files this version creates. Larger pages mean fewer pages rewritten per transaction (the
 * hostname index touches one leaf per host) and fewer B-tree splits; existing files keep theirs.
 */
export const NEW_FILE_PAGE_SIZE = 16_384;

/**
 * WAL pages between automatic checkpoints (the default is 1000). With 16 KiB pages a checkpoint runs about
 * every 64 MiB of WAL, so the pages a batch rewrites (index leaves, FTS segments) are copied into the
 * database once per many transactions rather than once per few.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * Schema 1: the JSONB document and the fields queries filter on as STORED generated columns (read without
 * touching the document; VIRTUAL columns made the files 15% smaller but searches on severity or tags 20-40%
 * slower, and writes no faster).
 */
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

/** Connection settings shared by the writer and the readers of one store. */
export interface SqliteConnectionOptions {
  /** `NORMAL` or `FULL`. */
  synchronous: 'NORMAL' | 'FULL';
  /** Page cache of the connection, in MiB. */
  cacheSizeMiB: number;
}

/**
 * Opens the connection that writes: creates the file (with {@link NEW_FILE_PAGE_SIZE} pages) and its directory
 * if missing, sets WAL and the durability setting, and brings the schema to {@link SCHEMA_VERSION}.
 * Throws a `VigilError` (`STORE_SCHEMA_NEWER`, `STORE_SCHEMA_UNKNOWN`) or SQLite's error.
 */
export function openWriterConnection(path: string, options: SqliteConnectionOptions): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const conn = new Database(path);
  try {
    // Only a database without pages takes a page size, and before WAL is set.
    if (conn.pragma('page_count', { simple: true }) === 0) conn.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
    conn.pragma('journal_mode = WAL');
    conn.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    conn.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    setCommonPragmas(conn, options);
    migrate(conn, path);
    return conn;
  } catch (error) {
    conn.close();
    throw error;
  }
}

/**
 * Opens a connection that only reads (`query_only`), beside a writer that has already created the schema.
 * WAL lets it read while the writer writes; each statement sees every transaction committed before it began.
 */
export function openReaderConnection(path: string, options: SqliteConnectionOptions): Database.Database {
  const conn = new Database(path, { fileMustExist: true });
  try {
    setCommonPragmas(conn, options);
    conn.pragma('query_only = 1');
    return conn;
  } catch (error) {
    conn.close();
    throw error;
  }
}

function setCommonPragmas(conn: Database.Database, options: SqliteConnectionOptions): void {
  conn.pragma('temp_store = MEMORY');
  conn.pragma(`cache_size = ${-Math.max(1, Math.floor(options.cacheSizeMiB)) * 1024}`);
  conn.pragma('busy_timeout = 5000');
}

function migrate(conn: Database.Database, path: string): void {
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

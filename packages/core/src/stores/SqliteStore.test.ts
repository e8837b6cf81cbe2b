import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VigilEvent } from '../event/VigilEvent';
import { matchesQuery } from '../query/matchesQuery';
import { parseQuery } from '../query/parseQuery';
import type { QueryNode } from '../query/QueryNode';
import { createSqliteStore, type SqliteStore, writerThreadOf } from './SqliteStore';
import {
  describeStoreContract,
  storeContractAlertQueries,
  storeContractAlerts,
  storeContractEvents,
  storeContractQueries,
} from './storeContract';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('SQLite', () => createSqliteStore({ dataDir: tempDir() }));
describeStoreContract('SQLite without a writer thread', () => createSqliteStore({ dataDir: tempDir(), writerThread: false }));
describeStoreContract('SQLite in memory', () => createSqliteStore({ path: ':memory:' }));

function parsed(input: string, topLevelFields?: ReadonlySet<string>): QueryNode {
  const result = parseQuery(input, topLevelFields === undefined ? {} : { topLevelFields });
  if (!result.ok) throw new Error(`${input}: ${result.reason}`);
  return result.query;
}

describe('SQLite store and matchesQuery agree', () => {
  let store: SqliteStore;

  beforeAll(async () => {
    store = createSqliteStore({ dataDir: tempDir() });
    await store.start();
    await store.writeEvents(storeContractEvents);
    await store.writeAlerts(storeContractAlerts);
  });

  afterAll(async () => {
    await store.shutdown();
  });

  async function storeIds(query: QueryNode): Promise<string[]> {
    return (await store.search({ query, size: 100 })).hits.map((h) => h.id).sort();
  }

  const memoryIds = (query: QueryNode): string[] =>
    storeContractEvents.filter((e) => matchesQuery(query, e)).map((e) => e.id).sort();

  it.each(storeContractQueries.map((q) => [q.query, q.ids] as const))('on %j', async (query, expected) => {
    const node = parsed(query);
    expect(memoryIds(node)).toEqual(expected);
    expect(await storeIds(node)).toEqual(memoryIds(node));
  });

  it('on every alert query', async () => {
    const { ALERT_TOP_LEVEL_FIELDS } = await import('../query/topLevelFields');
    for (const { query, ids } of storeContractAlertQueries) {
      const node = parsed(query, ALERT_TOP_LEVEL_FIELDS);
      const memory = storeContractAlerts.filter((a) => matchesQuery(node, a)).map((a) => a.id).sort();
      expect(memory, query).toEqual(ids);
      expect((await store.searchAlerts({ query: node })).hits.map((a) => a.id).sort(), query).toEqual(memory);
    }
  });

  it('on 400 random queries built from the corpus values', async () => {
    let seed = 20240301;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(values: readonly T[]): T => values[random(values.length)] as T;
    const fields = ['hostname', 'category', 'severity', 'tags', 'id', 'processid', 'details.username', 'details.sourceipaddress',
      'details.sourceport', 'details.success', 'details.ports', 'details.groups', 'details.queue', 'details.processid',
      'details', 'details.nothing', 'summary', 'utctimestamp'];
    const values = ['web1.example.com', 'WEB2.EXAMPLE.COM', 'authentication', 'bro', 'INFO', 'ssh', 'SSH', 'e03', 'admin',
      'Alice', '10.0.0.5', '52311', '22', '5', 'true', 'false', '2201', 'staff', 'failed', 'password', 'x', 'proxy',
      '2024-03-01T02:00:00.000Z', '4846', 'été'];
    const patterns = ['web*', '*.example.com', '10.0.0.?', 'a*', '*ss*', '?', '*', 'db?.*', 'fail*', '5*', 'ét*', 'x\\*'];
    const bounds: Array<string | number> = [0, 5, 22, 1000, 40000, 52311, 60000, 'a', 'm', 'web2', '2024-03-01T02', 'Z', '10.0.0.5'];
    const leaf = (): QueryNode => {
      const field = pick(fields);
      switch (random(6)) {
        case 0:
          return { type: 'term', field: random(4) === 0 ? null : field, value: pick(values) };
        case 1:
          return { type: 'phrase', field: random(3) === 0 ? null : field, value: pick([...values, 'invalid user', 'port 52311', 'user invalid']) };
        case 2:
          return { type: 'wildcard', field: random(4) === 0 ? null : field, pattern: pick(patterns) };
        case 3: {
          const a = pick(bounds);
          const b = pick(bounds);
          return { type: 'range', field, ...(random(2) === 0 ? { gte: a } : { gt: a }), ...(random(2) === 0 ? { lte: b } : { lt: b }) };
        }
        case 4:
          return { type: 'range', field, ...(random(2) === 0 ? { gte: pick(bounds) } : { lt: pick(bounds) }) };
        default:
          return { type: 'exists', field };
      }
    };
    const tree = (depth: number): QueryNode => {
      if (depth === 0 || random(3) === 0) return leaf();
      const kind = random(3);
      if (kind === 0) return { type: 'not', clause: tree(depth - 1) };
      const clauses = Array.from({ length: 1 + random(3) }, () => tree(depth - 1));
      return { type: kind === 1 ? 'and' : 'or', clauses };
    };
    let nonTrivial = 0;
    for (let i = 0; i < 400; i++) {
      const query = tree(3);
      const memory = memoryIds(query);
      if (memory.length > 0 && memory.length < storeContractEvents.length) nonTrivial++;
      expect(await storeIds(query), JSON.stringify(query)).toEqual(memory);
    }
    expect(nonTrivial).toBeGreaterThan(100);
  });
});

describe('createSqliteStore', () => {
  let store: SqliteStore | undefined;

  afterEach(async () => {
    await store?.shutdown();
    store = undefined;
  });

  it('needs a path or a data directory', () => {
    expect(() => createSqliteStore({})).toThrow(/dataDir/);
  });

  it('refuses use before start()', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'x.db') });
    await expect(store.search({})).rejects.toMatchObject({ code: 'STORE_NOT_STARTED' });
    await expect(store.writeEvents([])).rejects.toMatchObject({ code: 'STORE_NOT_STARTED' });
  });

  it('uses WAL, synchronous=NORMAL and a versioned schema, and keeps data across restarts', async () => {
    const dir = tempDir();
    store = createSqliteStore({ dataDir: dir });
    await store.start();
    await store.writeEvents(storeContractEvents);
    await store.shutdown();

    const raw = new Database(join(dir, 'vigil.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare('SELECT count(*) FROM events').pluck().get()).toBe(storeContractEvents.length);
    raw.close();

    store = createSqliteStore({ dataDir: dir });
    await store.start();
    expect((await store.search({ query: 'failed' })).total).toBe(4);
    expect(await store.writeEvents(storeContractEvents)).toMatchObject({ written: 0, duplicates: 12 });
  });

  it('refuses a database written by a newer schema version', async () => {
    const path = join(tempDir(), 'newer.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    store = createSqliteStore({ path });
    await expect(store.start()).rejects.toMatchObject({ code: 'STORE_SCHEMA_NEWER' });
  });

  it('deletes events before a time, keeping the full-text index consistent', async () => {
    const dir = tempDir();
    store = createSqliteStore({ dataDir: dir });
    await store.start();
    await store.writeEvents(storeContractEvents);
    expect(await store.deleteBefore('2024-03-01T03:00:00.000Z')).toBe(7);
    expect((await store.search({})).hits.map((h) => h.id)).toEqual(['e12', 'e11', 'e10', 'e09', 'e08']);
    expect((await store.search({ query: 'failed' })).hits.map((h) => h.id)).toEqual(['e12', 'e09']);
    expect(await store.deleteBefore('2024-01-01')).toBe(0);
    await expect(store.deleteBefore('last tuesday')).rejects.toMatchObject({ code: 'TIME_INVALID' });
    await store.shutdown();
    const raw = new Database(join(dir, 'vigil.db'));
    expect(() => raw.exec("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    raw.close();
  });

  it('binds values as parameters: quotes, FTS syntax and SQL in values are just text', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'inj.db') });
    await store.start();
    const base = storeContractEvents[0] as VigilEvent;
    const nasty = `it's "quoted" OR 1=1; DROP TABLE events; -- NEAR(a b) *`;
    await store.writeEvents([{ ...base, id: 'n1', summary: nasty, details: { note: nasty } }]);
    expect((await store.search({ query: { type: 'term', field: 'details.note', value: nasty } })).total).toBe(1);
    expect((await store.search({ query: { type: 'phrase', field: null, value: nasty } })).total).toBe(1);
    expect((await store.search({ query: '"\\"quoted\\" OR 1"' })).total).toBe(1);
    expect((await store.search({ query: "note:it\\'s*" })).total).toBe(1);
    expect((await store.search({ query: 'NEAR' })).total).toBe(1);
    expect((await store.search({ query: 'note:*DROP*' })).total).toBe(1);
    expect((await store.search({})).total).toBe(1);
    await expect(store.search({ query: { type: 'term', field: "x') OR 1=1 --", value: 'a' } })).rejects.toMatchObject({
      code: 'QUERY_INVALID',
    });
    await expect(store.aggregate({ type: 'terms', field: 'a"b' })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
  });

  it('runs the longest queries the parser accepts', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'long.db') });
    await store.start();
    await store.writeEvents(storeContractEvents);
    const words = Array.from({ length: 1100 }, (_, i) => `w${i}`);
    const anyOf = `${words.join(' OR ')} OR failed`;
    expect(anyOf.length).toBeLessThanOrEqual(10_000);
    expect((await store.search({ query: anyOf })).total).toBe(4);
    const allOf = `${words.map((w) => `-${w}`).join(' ')} failed`;
    expect((await store.search({ query: allOf })).total).toBe(4);
  });

  it('answers hostile wildcard patterns without exponential backtracking', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'redos.db') });
    await store.start();
    const base = storeContractEvents[0] as VigilEvent;
    const long = 'a'.repeat(20_000);
    await store.writeEvents([{ ...base, id: 'r1', summary: `${long}b`, details: { x: `${long}b` } }]);
    const pattern = `${'*a'.repeat(40)}*b`;
    expect((await store.search({ query: { type: 'wildcard', field: 'details.x', pattern } })).total).toBe(1);
    expect((await store.search({ query: { type: 'wildcard', field: null, pattern } })).total).toBe(1);
    expect((await store.search({ query: { type: 'wildcard', field: null, pattern: `${pattern}c` } })).total).toBe(0);
  });

  it('keeps each caller of a coalesced transaction to its own outcome', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'co.db') });
    await store.start();
    const events = storeContractEvents.slice(0, 4);
    const writes = await Promise.all(events.map((e) => store!.writeEvents([e, e])));
    expect(writes).toEqual(events.map(() => ({ written: 1, duplicates: 1, failed: [] })));
    await expect(store.search({ size: 20_000 })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
  });
});

/** `count` events like the corpus's first, with ids `<prefix>-<n>` one second apart. */
function manyEvents(count: number, prefix: string): VigilEvent[] {
  const base = storeContractEvents[0] as VigilEvent;
  const start = Date.parse('2024-03-02T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(start + i * 1000).toISOString();
    return { ...base, id: `${prefix}-${i}`, utctimestamp: time, receivedtimestamp: time, timestamp: time, hostname: `host${i % 50}.example.com`, summary: `${prefix} login ${i} failed` };
  });
}

/** An object nested deeper than SQLite's JSON parser accepts (1000 levels). */
function tooDeep(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < 1001; i++) {
    const child: Record<string, unknown> = {};
    node['a'] = child;
    node = child;
  }
  return root;
}

describe('the writer thread', () => {
  let store: SqliteStore | undefined;

  afterEach(async () => {
    await store?.shutdown();
    store = undefined;
  });

  it('writes off the calling thread; a search right after a write resolves finds its events, full text too', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'w.db') });
    await store.start();
    expect(writerThreadOf(store)).toBeDefined();
    for (let round = 0; round < 20; round++) {
      const events = manyEvents(50, `r${round}`);
      expect(await store.writeEvents(events)).toEqual({ written: 50, duplicates: 0, failed: [] });
      expect((await store.search({ query: `id:r${round}-49` })).total).toBe(1);
      expect((await store.search({ query: `r${round}`, size: 0 })).total).toBe(50);
    }
    await store.tagEvents(['r3-1'], ['seen']);
    expect((await store.search({ query: 'tags:seen' })).hits.map((h) => h.id)).toEqual(['r3-1']);
    expect(await store.deleteBefore('2024-03-02T00:00:10.000Z')).toBe(20 * 10);
    expect((await store.search({ query: 'login', size: 0 })).total).toBe(20 * 40);
  });

  it('keeps a failing write to its own caller when writes are coalesced', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'f.db') });
    await store.start();
    const [a, b, c] = manyEvents(3, 'co');
    const results = await Promise.allSettled([
      store.writeEvents([a as VigilEvent]),
      store.writeEvents([{ ...(b as VigilEvent), details: tooDeep() }]),
      store.writeEvents([c as VigilEvent, a as VigilEvent]),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: { written: 1, duplicates: 0, failed: [] } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'STORE_FAILED' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: { written: 1, duplicates: 1, failed: [] } });
    expect((await store.search({ query: 'co', sort: 'asc' })).hits.map((h) => h.id)).toEqual(['co-0', 'co-2']);
  });

  it('rejects the writes a dying thread had not answered, loses nothing once they are retried, and starts a new thread', async () => {
    const path = join(tempDir(), 'crash.db');
    store = createSqliteStore({ path });
    await store.start();
    const first = writerThreadOf(store);
    const events = manyEvents(30_000, 'big');
    const pending = store.writeEvents(events);
    const later = store.writeEvents(manyEvents(10, 'later'));
    await new Promise((resolve) => setImmediate(resolve));
    await first?.terminate();
    await expect(pending).rejects.toMatchObject({ code: 'STORE_FAILED', message: expect.stringMatching(/retry/) });
    await expect(later).rejects.toMatchObject({ code: 'STORE_FAILED' });
    // A retry (as the pipeline's 503 asks a shipper to do) writes what was not committed, idempotently.
    const retried = await store.writeEvents(events);
    expect(retried.written + retried.duplicates).toBe(30_000);
    expect(writerThreadOf(store)).not.toBe(first);
    expect((await store.search({ size: 0 })).total).toBe(30_000);
    expect((await store.search({ query: 'big', size: 0 })).total).toBe(30_000);
    await store.shutdown();
    const raw = new Database(path);
    expect(raw.prepare('SELECT count(*) FROM events').pluck().get()).toBe(30_000);
    expect(() => raw.exec("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    raw.close();
  });

  it('starts a new thread for the next write after an idle thread died', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'idle.db') });
    await store.start();
    await writerThreadOf(store)?.terminate();
    expect(await store.writeEvents(manyEvents(5, 'after'))).toMatchObject({ written: 5 });
    expect((await store.search({ query: 'after' })).total).toBe(5);
  });

  it('answers every write sent before shutdown, refuses later ones, and shuts down twice', async () => {
    const dir = tempDir();
    store = createSqliteStore({ dataDir: dir });
    await store.start();
    const writes = Array.from({ length: 10 }, (_, i) => store!.writeEvents(manyEvents(1000, `s${i}`)));
    const shutdowns = [store.shutdown(), store.shutdown()];
    await expect(store.writeEvents(manyEvents(1, 'late'))).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    expect((await Promise.all(writes)).map((r) => r.written)).toEqual(Array.from({ length: 10 }, () => 1000));
    await Promise.all(shutdowns);
    await store.shutdown();
    expect(writerThreadOf(store)).toBeUndefined();
    await expect(store.search({})).rejects.toMatchObject({ code: 'STORE_CLOSED' });

    store = createSqliteStore({ dataDir: dir });
    await store.start();
    expect((await store.search({ size: 0 })).total).toBe(10_000);
  });

  it('copies the WAL into the database from a checkpoint thread while the writer goes on', async () => {
    const path = join(tempDir(), 'ckpt.db');
    store = createSqliteStore({ path });
    await store.start();
    const empty = statSync(path).size;
    await store.writeEvents(manyEvents(5000, 'ck'));
    // Far below the writer's own automatic checkpoint (16,000 pages): only the checkpoint thread moves pages.
    const deadline = Date.now() + 10_000;
    while (statSync(path).size <= empty && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(path).size).toBeGreaterThan(empty + 1_000_000);
    expect((await store.search({ query: 'ck', size: 0 })).total).toBe(5000);
  });

  it('does not start twice when start() is called twice', async () => {
    store = createSqliteStore({ path: join(tempDir(), 'twice.db') });
    await Promise.all([store.start(), store.start()]);
    await store.start();
    expect(await store.writeEvents(manyEvents(3, 't'))).toMatchObject({ written: 3 });
  });
});

describe('a schema 1 file made before the writer thread (4 KiB pages, autocheckpoint 1000)', () => {
  const OLD_SCHEMA_V1 = `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY, doc BLOB NOT NULL,
  id TEXT NOT NULL AS (doc ->> '$.id') STORED, utctimestamp TEXT AS (doc ->> '$.utctimestamp') STORED,
  hostname TEXT AS (doc ->> '$.hostname') STORED, category TEXT AS (doc ->> '$.category') STORED,
  source TEXT AS (doc ->> '$.source') STORED, severity TEXT AS (doc ->> '$.severity') STORED,
  processname TEXT AS (doc ->> '$.processname') STORED, summary TEXT AS (doc ->> '$.summary') STORED,
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
  seq INTEGER PRIMARY KEY, doc BLOB NOT NULL,
  id TEXT NOT NULL AS (doc ->> '$.id') STORED, utctimestamp TEXT AS (doc ->> '$.utctimestamp') STORED,
  severity TEXT AS (doc ->> '$.severity') STORED, category TEXT AS (doc ->> '$.category') STORED,
  summary TEXT AS (doc ->> '$.summary') STORED, tags TEXT AS (doc -> '$.tags') STORED
);
CREATE UNIQUE INDEX alerts_id ON alerts (id);
CREATE INDEX alerts_time ON alerts (utctimestamp);
`;

  function oldFile(): string {
    const path = join(tempDir(), 'v1-old.db');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.exec(OLD_SCHEMA_V1);
    raw.pragma('user_version = 1');
    // Half the corpus written the way the earlier store wrote it.
    const insert = raw.prepare('INSERT INTO events (doc) VALUES (jsonb(?))');
    for (const e of storeContractEvents.slice(0, 6)) insert.run(JSON.stringify(e));
    raw.exec('INSERT INTO events_fts (rowid, summary) SELECT seq, summary FROM events');
    raw.close();
    return path;
  }

  let store: SqliteStore | undefined;
  afterEach(async () => {
    await store?.shutdown();
    store = undefined;
  });

  it.each([true, false])('opens as it is and is read and written like a new one (writer thread: %s)', async (writerThread) => {
    const path = oldFile();
    store = createSqliteStore({ path, writerThread });
    await store.start();
    expect(await store.writeEvents(storeContractEvents)).toEqual({ written: 6, duplicates: 6, failed: [] });
    await store.writeAlerts(storeContractAlerts);
    for (const { query, ids } of storeContractQueries) {
      expect((await store.search({ query, size: 100 })).hits.map((h) => h.id).sort(), query).toEqual(ids);
    }
    await store.tagEvents(['e01'], ['alert:x']);
    expect((await store.search({ query: 'tags:"alert:x"' })).hits.map((h) => h.id)).toEqual(['e01']);
    expect(await store.deleteBefore('2024-03-01T01:00:00.000Z')).toBe(3);
    await store.shutdown();
    const raw = new Database(path);
    expect(raw.pragma('page_size', { simple: true })).toBe(4096);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare('SELECT count(*) FROM events').pluck().get()).toBe(9);
    expect(() => raw.exec("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    raw.close();
  });

  it('has the schema new stores create, in 16 KiB pages', async () => {
    const path = join(tempDir(), 'v1-new.db');
    store = createSqliteStore({ path });
    await store.start();
    await store.shutdown();
    const schema = (file: string): unknown[] => {
      const raw = new Database(file, { readonly: true });
      try {
        const rows = raw.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
        return (rows as Array<{ sql: string | null }>).map((r) => ({ ...r, sql: r.sql?.replace(/\s+/g, ' ') }));
      } finally {
        raw.close();
      }
    };
    expect(schema(path)).toEqual(schema(oldFile()));
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('page_size', { simple: true })).toBe(16_384);
    raw.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VigilEvent } from '../event/VigilEvent';
import { matchesQuery } from '../query/matchesQuery';
import { parseQuery } from '../query/parseQuery';
import type { QueryNode } from '../query/QueryNode';
import { createSqliteStore, type SqliteStore } from './SqliteStore';
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

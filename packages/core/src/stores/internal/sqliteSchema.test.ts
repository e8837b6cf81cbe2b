import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEW_FILE_PAGE_SIZE, openReaderConnection, openWriterConnection, SCHEMA_VERSION, WAL_AUTOCHECKPOINT_PAGES } from './sqliteSchema';

const dir = mkdtempSync(join(tmpdir(), 'vigil-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite connections', () => {
  it('writes with WAL, synchronous NORMAL by default or FULL when asked, and the schema in place', () => {
    const normal = openWriterConnection(join(dir, 'sub', 'normal.db'), { synchronous: 'NORMAL', cacheSizeMiB: 8 });
    expect(normal.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(normal.pragma('synchronous', { simple: true })).toBe(1);
    expect(normal.pragma('page_size', { simple: true })).toBe(NEW_FILE_PAGE_SIZE);
    expect(normal.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(normal.pragma('cache_size', { simple: true })).toBe(-8 * 1024);
    expect(normal.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    normal.close();
    const full = openWriterConnection(join(dir, 'full.db'), { synchronous: 'FULL', cacheSizeMiB: 8 });
    expect(full.pragma('synchronous', { simple: true })).toBe(2);
    full.close();
  });

  it('reads beside the writer, sees each commit, and cannot write', () => {
    const path = join(dir, 'rw.db');
    const writer = openWriterConnection(path, { synchronous: 'NORMAL', cacheSizeMiB: 8 });
    const reader = openReaderConnection(path, { synchronous: 'NORMAL', cacheSizeMiB: 8 });
    const count = reader.prepare('SELECT count(*) FROM events').pluck();
    expect(count.get()).toBe(0);
    writer.prepare('INSERT INTO events (doc) VALUES (jsonb(?))').run(JSON.stringify({ id: 'a', utctimestamp: '2024-01-01T00:00:00.000Z' }));
    expect(count.get()).toBe(1);
    expect(() => reader.exec('DELETE FROM events')).toThrow(/readonly|read-only|query_only/i);
    reader.close();
    writer.close();
  });

  it('does not open a reader on a file that is not there', () => {
    expect(() => openReaderConnection(join(dir, 'missing.db'), { synchronous: 'NORMAL', cacheSizeMiB: 8 })).toThrow();
  });
});

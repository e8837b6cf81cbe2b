// Archive and restore against real SQLite stores and real files; gzip and sha256sum are the oracles.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VigilEvent } from '../event/VigilEvent';
import { createSqliteStore, type SqliteStore } from '../stores/SqliteStore';
import { archiveEvents } from './archiveEvents';
import { restoreArchive } from './restoreArchive';

let dir: string;
let source: SqliteStore;

function event(i: number, time: string): VigilEvent {
  return {
    id: `arch-${i}`,
    utctimestamp: time,
    receivedtimestamp: time,
    timestamp: time,
    hostname: `h${i % 7}`,
    processname: 'test',
    processid: '',
    severity: 'INFO',
    summary: `archived event ${i}`,
    category: i % 2 ? 'odd' : 'even',
    source: 'test',
    tags: [],
    details: { i },
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-archive-'));
  source = createSqliteStore({ dataDir: join(dir, 'source') });
  await source.start();
  const events: VigilEvent[] = [];
  const base = Date.parse('2026-03-01T00:00:00.000Z');
  // 3,000 events over three days, and 2,500 more sharing one millisecond (more than a page).
  for (let i = 0; i < 3000; i++) events.push(event(i, new Date(base + i * 86_400).toISOString()));
  for (let i = 3000; i < 5500; i++) events.push(event(i, '2026-03-02T12:00:00.000Z'));
  // Outside the range archived below.
  events.push(event(9001, '2026-02-27T00:00:00.000Z'), event(9002, '2026-03-09T00:00:00.000Z'));
  await source.writeEvents(events);
});

afterEach(async () => {
  await source.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('archiveEvents / restoreArchive', () => {
  it('exports a range to gzip NDJSON with checksums, and restores every event into another store', async () => {
    const out = join(dir, 'archive');
    const manifest = await archiveEvents(source, { from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z', outDir: out, eventsPerFile: 2000, pageSize: 1000 });
    expect(manifest.totalEvents).toBe(5500);
    expect(manifest.files.map((f) => f.events)).toEqual([2000, 2000, 1500]);
    for (const file of manifest.files) {
      const path = join(out, file.name);
      expect(execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]).toBe(file.sha256);
      const lines = execFileSync('sh', ['-c', `gzip -dc '${path}' | wc -l`], { encoding: 'utf8' });
      expect(Number(lines.trim())).toBe(file.events);
      expect(file.firstTimestamp <= file.lastTimestamp).toBe(true);
    }

    const target = createSqliteStore({ dataDir: join(dir, 'target') });
    await target.start();
    const restored = await restoreArchive(target, out, { batchSize: 700 });
    expect(restored).toEqual({ restored: 5500, duplicates: 0, failed: [] });
    const ids = (await target.search({ size: 10_000 })).hits.map((e) => e.id);
    expect(new Set(ids).size).toBe(5500);
    expect(ids).not.toContain('arch-9001');
    expect(ids).not.toContain('arch-9002');
    // Running it again writes nothing new.
    expect(await restoreArchive(target, out)).toEqual({ restored: 0, duplicates: 5500, failed: [] });
    await target.shutdown();
  });

  it('archives only what a query selects', async () => {
    const manifest = await archiveEvents(source, { from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z', outDir: join(dir, 'odd'), query: 'category:odd' });
    expect(manifest.totalEvents).toBe(2750);
    expect(manifest.range.query).toBe('category:odd');
  });

  it('refuses a damaged archive before writing anything', async () => {
    const out = join(dir, 'damaged');
    const manifest = await archiveEvents(source, { from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z', outDir: out });
    appendFileSync(join(out, manifest.files[0]!.name), 'junk');
    const target = createSqliteStore({ path: ':memory:' });
    await target.start();
    await expect(restoreArchive(target, out)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
    expect((await target.search({ size: 0 })).total).toBe(0);
    await target.shutdown();
  });

  it('says what is wrong with a bad range', async () => {
    await expect(archiveEvents(source, { from: 'yesterday-ish', to: 'now', outDir: join(dir, 'x') })).rejects.toMatchObject({ code: 'ARCHIVE_RANGE' });
    await expect(archiveEvents(source, { from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z', outDir: join(dir, 'x') })).rejects.toThrow(/starts .* after it ends/);
  });
});

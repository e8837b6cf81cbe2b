import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { VigilError } from '../errors/VigilError';
import type { VigilEvent } from '../event/VigilEvent';
import { parseTimeExpression } from '../query/parseTimeExpression';
import type { EventStore } from '../stores/EventStore';
import { VERSION } from '../version';
import type { ArchiveFile, ArchiveManifest } from './ArchiveManifest';

/** Options of `archiveEvents`. */
export interface ArchiveOptions {
  /** Start of the range (inclusive): ISO-8601 or relative (`now-7d`). */
  from: string;
  /** End of the range (inclusive). */
  to: string;
  /** Directory to write into (created; must not already hold a manifest). */
  outDir: string;
  /** Only events matching this query. */
  query?: string;
  /** Events per file. @default 100000 */
  eventsPerFile?: number;
  /** Events fetched per page from the store. @default 5000 */
  pageSize?: number;
}

const ONE_MS = 1;

/**
 * Pages through a store in time order without offsets that grow with the range: each page starts where the
 * previous ended; events sharing the last page's final millisecond are fetched on their own so none is lost
 * or repeated.
 */
export async function* scanEvents(store: EventStore, from: Date, to: Date, query: string | undefined, pageSize: number): AsyncGenerator<VigilEvent[]> {
  let cursor = from.getTime();
  const end = to.getTime();
  const q = query === undefined ? {} : { query };
  while (cursor <= end) {
    const page = await store.search({ ...q, from: new Date(cursor).toISOString(), to: to.toISOString(), size: pageSize, sort: 'asc' });
    if (page.hits.length === 0) return;
    if (page.hits.length < pageSize) {
      yield page.hits;
      return;
    }
    const last = page.hits[page.hits.length - 1]!.utctimestamp;
    const before = page.hits.filter((e) => e.utctimestamp !== last);
    if (before.length > 0) yield before;
    // Everything at the boundary millisecond, however many.
    for (let offset = 0; ; offset += pageSize) {
      const same = await store.search({ ...q, from: last, to: last, size: pageSize, offset, sort: 'asc' });
      if (same.hits.length > 0) yield same.hits;
      if (same.hits.length < pageSize) break;
    }
    cursor = Date.parse(last) + ONE_MS;
  }
}

/**
 * Exports a time range of events to gzip NDJSON files with a `manifest.json` holding counts, time bounds and
 * SHA-256 checksums (MozDef's "log management"). Restore it into any store with `restoreArchive`.
 */
export async function archiveEvents(store: EventStore, options: ArchiveOptions): Promise<ArchiveManifest> {
  const from = parseTimeExpression(options.from);
  const to = parseTimeExpression(options.to);
  if (!from || !to) throw new VigilError('ARCHIVE_RANGE', `cannot read the range ${options.from} … ${options.to}: use ISO-8601 or now-7d`);
  if (from > to) throw new VigilError('ARCHIVE_RANGE', `the range starts (${from.toISOString()}) after it ends (${to.toISOString()})`);
  mkdirSync(options.outDir, { recursive: true });
  const perFile = options.eventsPerFile ?? 100_000;
  const files: ArchiveFile[] = [];
  let current: { name: string; gzip: ReturnType<typeof createGzip>; done: Promise<void>; hash: ReturnType<typeof createHash>; events: number; first: string; last: string } | undefined;

  const open = (firstTimestamp: string): NonNullable<typeof current> => {
    const name = `events-${String(files.length + 1).padStart(5, '0')}.ndjson.gz`;
    const gzip = createGzip({ level: 6 });
    const out = createWriteStream(join(options.outDir, name));
    const hash = createHash('sha256');
    gzip.on('data', (chunk: Buffer) => hash.update(chunk));
    gzip.pipe(out);
    const done = once(out, 'close').then(() => undefined);
    return { name, gzip, done, hash, events: 0, first: firstTimestamp, last: firstTimestamp };
  };
  const close = async (): Promise<void> => {
    if (!current) return;
    const c = current;
    current = undefined;
    c.gzip.end();
    await c.done;
    const size = (await stat(join(options.outDir, c.name))).size;
    files.push({ name: c.name, events: c.events, bytes: size, sha256: c.hash.digest('hex'), firstTimestamp: c.first, lastTimestamp: c.last });
  };

  let total = 0;
  for await (const page of scanEvents(store, from, to, options.query, options.pageSize ?? 5000)) {
    for (const event of page) {
      current ??= open(event.utctimestamp);
      if (!current.gzip.write(`${JSON.stringify(event)}\n`)) await once(current.gzip, 'drain');
      current.events++;
      current.last = event.utctimestamp;
      total++;
      if (current.events >= perFile) await close();
    }
  }
  await close();
  const manifest: ArchiveManifest = {
    version: 1,
    producer: `vigil ${VERSION}`,
    createdAt: new Date().toISOString(),
    range: { from: from.toISOString(), to: to.toISOString(), ...(options.query === undefined ? {} : { query: options.query }) },
    totalEvents: total,
    files,
  };
  writeFileSync(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { VigilError } from '../errors/VigilError';
import type { VigilEvent } from '../event/VigilEvent';
import type { EventStore } from '../stores/EventStore';
import type { ArchiveManifest } from './ArchiveManifest';

/** What a restore did. */
export interface RestoreResult {
  /** Events newly written. */
  restored: number;
  /** Events the store already held. */
  duplicates: number;
  /** Events the store refused, with why (at most 100 kept). */
  failed: Array<{ file: string; line: number; reason: string }>;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads and checks `manifest.json`. */
export function readManifest(dir: string): ArchiveManifest {
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ArchiveManifest;
  } catch (error) {
    throw new VigilError('ARCHIVE_INVALID', `${dir} holds no readable manifest.json: ${(error as Error).message}`, { cause: error });
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.files)) {
    throw new VigilError('ARCHIVE_INVALID', `${dir}/manifest.json is not a version 1 Vigil archive manifest`);
  }
  return manifest;
}

/**
 * Restores an archive made by `archiveEvents` into any store. Every file's checksum is verified before
 * anything is written; writes are idempotent by event id, so a restore can be run again safely.
 */
export async function restoreArchive(store: EventStore, dir: string, options: { batchSize?: number } = {}): Promise<RestoreResult> {
  const manifest = readManifest(dir);
  for (const file of manifest.files) {
    const actual = await sha256(join(dir, file.name)).catch((error: unknown) => {
      throw new VigilError('ARCHIVE_INVALID', `cannot read ${file.name}: ${(error as Error).message}`, { cause: error });
    });
    if (actual !== file.sha256) {
      throw new VigilError('ARCHIVE_CORRUPT', `${file.name} does not match its checksum (manifest ${file.sha256}, file ${actual}): the archive is damaged; nothing was restored`);
    }
  }
  const batchSize = options.batchSize ?? 5000;
  const result: RestoreResult = { restored: 0, duplicates: 0, failed: [] };
  for (const file of manifest.files) {
    const lines = createInterface({ input: createReadStream(join(dir, file.name)).pipe(createGunzip()), crlfDelay: Infinity });
    let batch: VigilEvent[] = [];
    let lineNumbers: number[] = [];
    let n = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const written = await store.writeEvents(batch);
      result.restored += written.written;
      result.duplicates += written.duplicates;
      for (const f of written.failed) if (result.failed.length < 100) result.failed.push({ file: file.name, line: lineNumbers[f.index] ?? 0, reason: f.reason });
      batch = [];
      lineNumbers = [];
    };
    for await (const line of lines) {
      n++;
      if (line === '') continue;
      try {
        batch.push(JSON.parse(line) as VigilEvent);
        lineNumbers.push(n);
      } catch (error) {
        if (result.failed.length < 100) result.failed.push({ file: file.name, line: n, reason: `not JSON: ${(error as Error).message}` });
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  }
  return result;
}

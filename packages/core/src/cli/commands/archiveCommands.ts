import type { Command } from 'commander';
import { archiveEvents } from '../../archive/archiveEvents';
import { restoreArchive } from '../../archive/restoreArchive';
import { createSqliteStore } from '../../stores/SqliteStore';

/** `vigil archive`, `vigil restore`, `vigil prune`: log management for the embedded store. */
export function archiveCommands(program: Command): void {
  program
    .command('archive')
    .description('export a time range of events to gzip NDJSON files with a manifest and checksums')
    .requiredOption('--from <time>', 'start (ISO-8601 or now-7d), inclusive')
    .requiredOption('--to <time>', 'end (ISO-8601 or now), inclusive')
    .requiredOption('-o, --out <dir>', 'directory to write the archive into')
    .option('-q, --query <query>', 'only events matching this query')
    .option('-d, --data <dir>', 'data directory of the store', './data')
    .option('--per-file <n>', 'events per file', '100000')
    .action(async (flags: { from: string; to: string; out: string; query?: string; data: string; perFile: string }) => {
      const store = createSqliteStore({ dataDir: flags.data });
      await store.start();
      try {
        const manifest = await archiveEvents(store, {
          from: flags.from,
          to: flags.to,
          outDir: flags.out,
          eventsPerFile: Number(flags.perFile),
          ...(flags.query === undefined ? {} : { query: flags.query }),
        });
        process.stdout.write(`archived ${manifest.totalEvents} event(s) in ${manifest.files.length} file(s) to ${flags.out}\n`);
      } finally {
        await store.shutdown();
      }
    });

  program
    .command('restore')
    .description('restore an archive into the store (checksums verified first; idempotent)')
    .argument('<dir>', 'archive directory (with manifest.json)')
    .option('-d, --data <dir>', 'data directory of the store', './data')
    .action(async (dir: string, flags: { data: string }) => {
      const store = createSqliteStore({ dataDir: flags.data });
      await store.start();
      try {
        const result = await restoreArchive(store, dir);
        process.stdout.write(`restored ${result.restored}, already present ${result.duplicates}, failed ${result.failed.length}\n`);
        for (const f of result.failed.slice(0, 10)) process.stdout.write(`  ${f.file}:${f.line}: ${f.reason}\n`);
        if (result.failed.length > 0) process.exitCode = 1;
      } finally {
        await store.shutdown();
      }
    });

  program
    .command('prune')
    .description('delete events older than a duration from the embedded store (retention)')
    .requiredOption('--older-than <duration>', 'e.g. 30d, 12w')
    .option('-d, --data <dir>', 'data directory of the store', './data')
    .action(async (flags: { olderThan: string; data: string }) => {
      const store = createSqliteStore({ dataDir: flags.data });
      await store.start();
      try {
        const deleted = await store.deleteBefore(`now-${flags.olderThan}`);
        process.stdout.write(`deleted ${deleted} event(s) older than ${flags.olderThan}\n`);
      } finally {
        await store.shutdown();
      }
    });
}

import type { Command } from 'commander';
import { createSqliteStore } from '../../stores/SqliteStore';
import type { SearchResult } from '../../stores/EventStore';
import type { VigilEvent } from '../../event/VigilEvent';
import { parseQuery } from '../../query/parseQuery';

interface SearchFlags {
  since?: string;
  from?: string;
  to?: string;
  size: string;
  json?: boolean;
  url: string;
  data?: string;
}

/** One readable line per event. */
export function formatEventLine(event: VigilEvent): string {
  return `${event.utctimestamp}  ${event.severity.padEnd(8)}  ${event.hostname}  ${event.category}  ${event.summary}`;
}

/** `vigil search`: query a running server (default) or a data directory directly. */
export function searchCommand(program: Command): void {
  program
    .command('search')
    .description('search stored events with the Lucene-like query language')
    .argument('[query]', 'query, e.g. \'category:authentication AND details.success:false\'', '')
    .option('--since <duration>', 'only events newer than this, e.g. 15m, 1h, 7d')
    .option('--from <time>', 'start of the time range (ISO-8601 or now-1h)')
    .option('--to <time>', 'end of the time range')
    .option('-n, --size <n>', 'number of hits', '20')
    .option('--json', 'print the result as JSON')
    .option('--url <url>', 'server to ask', process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080')
    .option('-d, --data <dir>', 'read this data directory directly instead of asking a server')
    .action(async (query: string, flags: SearchFlags) => {
      if (query.trim() !== '') {
        const parsed = parseQuery(query);
        if (!parsed.ok) {
          process.stderr.write(`bad query: ${parsed.reason}\n  ${query}\n  ${' '.repeat(parsed.position)}^\n`);
          process.exitCode = 2;
          return;
        }
      }
      const from = flags.from ?? (flags.since ? `now-${flags.since}` : undefined);
      let result: SearchResult<VigilEvent>;
      if (flags.data !== undefined) {
        const store = createSqliteStore({ dataDir: flags.data });
        await store.start();
        try {
          result = await store.search({
            size: Number(flags.size),
            ...(query.trim() ? { query } : {}),
            ...(from ? { from } : {}),
            ...(flags.to ? { to: flags.to } : {}),
          });
        } finally {
          await store.shutdown();
        }
      } else {
        const params = new URLSearchParams({ q: query, size: flags.size });
        if (from) params.set('from', from);
        if (flags.to) params.set('to', flags.to);
        const response = await fetch(`${flags.url.replace(/\/$/, '')}/api/search?${params.toString()}`);
        const body = (await response.json()) as SearchResult<VigilEvent> & { message?: string };
        if (!response.ok) {
          process.stderr.write(`search failed (${response.status}): ${body.message ?? JSON.stringify(body)}\n`);
          process.exitCode = 1;
          return;
        }
        result = body;
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      for (const event of result.hits) process.stdout.write(`${formatEventLine(event)}\n`);
      process.stdout.write(`${result.hits.length} of ${result.total} event(s)\n`);
    });
}

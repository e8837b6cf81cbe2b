import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createVigilCore } from '../../app/startVigil';
import { loadConfig } from '../../config/loadConfig';
import type { VigilConfig } from '../../config/VigilConfig';

interface IngestFlags {
  url: string;
  data?: string;
  config?: string;
  batch: string;
}

interface Tally {
  sent: number;
  accepted: number;
  rejected: number;
  reasons: string[];
}

/** `vigil ingest`: send an NDJSON file (or stdin) to a server, or straight into a data directory. */
export function ingestCommand(program: Command): void {
  program
    .command('ingest')
    .description('ingest NDJSON events from a file or - (stdin)')
    .argument('<file>', 'NDJSON file, or - for standard input')
    .option('--url <url>', 'server to send to', process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080')
    .option('-d, --data <dir>', 'write into this data directory directly (no server)')
    .option('-c, --config <file>', 'configuration for --data mode (plugins, time zone)')
    .option('--batch <n>', 'events per request', '5000')
    .action(async (file: string, flags: IngestFlags) => {
      const batchSize = Number(flags.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch must be a positive integer, got ${flags.batch}`);
      const tally: Tally = { sent: 0, accepted: 0, rejected: 0, reasons: [] };
      let send: (batch: string[]) => Promise<void>;
      let close = async (): Promise<void> => undefined;
      if (flags.data !== undefined) {
        const config: VigilConfig = flags.config ? await loadConfig(flags.config) : {};
        config.store = { ...config.store, dataDir: flags.data };
        const core = await createVigilCore(config);
        close = () => core.shutdown();
        send = async (batch) => {
          const values: unknown[] = [];
          for (const line of batch) {
            try {
              values.push(JSON.parse(line));
            } catch (error) {
              tally.rejected++;
              if (tally.reasons.length < 10) tally.reasons.push(`malformed JSON: ${(error as Error).message}`);
            }
          }
          const result = await core.pipeline.ingest(values, 'cli');
          tally.accepted += result.accepted;
          tally.rejected += result.rejected;
          for (const item of result.items) if (!item.ok && tally.reasons.length < 10) tally.reasons.push(`${item.code}: ${item.reason}`);
        };
      } else {
        const url = `${flags.url.replace(/\/$/, '')}/events`;
        send = async (batch) => {
          const response = await fetch(url, { method: 'POST', body: batch.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
          const body = (await response.json()) as { accepted?: number; rejected?: number; errors?: Array<{ code: string; reason: string }>; message?: string };
          if (response.status >= 500 || body.accepted === undefined) {
            throw new Error(`the server answered ${response.status}: ${body.message ?? JSON.stringify(body)}`);
          }
          tally.accepted += body.accepted;
          tally.rejected += body.rejected ?? 0;
          for (const e of body.errors ?? []) if (tally.reasons.length < 10) tally.reasons.push(`${e.code}: ${e.reason}`);
        };
      }
      // Open the input only now: lines read before the loop starts would be lost.
      const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
      const lines = createInterface({ input, crlfDelay: Infinity });
      try {
        let batch: string[] = [];
        for await (const line of lines) {
          if (line.trim() === '') continue;
          batch.push(line);
          if (batch.length >= batchSize) {
            tally.sent += batch.length;
            await send(batch);
            batch = [];
          }
        }
        if (batch.length > 0) {
          tally.sent += batch.length;
          await send(batch);
        }
      } finally {
        await close();
      }
      process.stdout.write(`sent ${tally.sent}, accepted ${tally.accepted}, rejected ${tally.rejected}\n`);
      for (const reason of tally.reasons) process.stdout.write(`  ${reason}\n`);
      if (tally.rejected > 0) process.exitCode = 1;
    });
}

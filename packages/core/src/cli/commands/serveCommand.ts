import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig';
import type { VigilConfig } from '../../config/VigilConfig';
import { startVigil } from '../../app/startVigil';
import { VERSION } from '../../version';

interface ServeFlags {
  config?: string;
  port?: string;
  host?: string;
  data?: string;
}

/** `vigil serve`: the reference deployment, or the one a config file describes. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the pipeline, the embedded store and the HTTP server')
    .option('-c, --config <file>', 'YAML configuration file')
    .option('-p, --port <n>', 'HTTP port (default 8080)')
    .option('--host <address>', 'listen address (default 127.0.0.1)')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .action(async (flags: ServeFlags) => {
      const config: VigilConfig = flags.config ? await loadConfig(flags.config) : {};
      if (flags.port !== undefined) {
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${flags.port}`);
        config.server = { ...config.server, port };
      }
      if (flags.host !== undefined) config.server = { ...config.server, host: flags.host };
      if (flags.data !== undefined) config.store = { ...config.store, dataDir: flags.data };
      const vigil = await startVigil(config, { version: VERSION });
      const d = vigil.pipeline.describe();
      process.stdout.write(
        [
          `vigil ${VERSION} listening on ${vigil.url}`,
          `  role:        ${vigil.role}${vigil.sources.length ? ' (consuming RabbitMQ)' : ''}`,
          `  data:        ${vigil.dataDir}`,
          `  enrichment:  ${d.enrichment.map((p) => `${p.name}(${p.priority})`).join(' → ') || 'none'}`,
          `  correlation: ${d.correlation.length} plugin(s)${d.correlation.length ? `: ${d.correlation.slice(0, 6).join(', ')}${d.correlation.length > 6 ? ', …' : ''}` : ''}`,
          `  response:    ${d.response.join(', ') || 'none'}`,
          '',
          'Try it:',
          `  curl -s -XPOST ${vigil.url}/events -d '{"summary":"Failed password for root from 203.0.113.9 port 52114 ssh2","hostname":"web1","processname":"sshd"}'`,
          `  curl -s '${vigil.url}/api/search?q=summary:failed'`,
          '',
        ].join('\n'),
      );
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`\n${signal}: draining and shutting down…\n`);
        vigil.shutdown().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`shutdown failed: ${(error as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}

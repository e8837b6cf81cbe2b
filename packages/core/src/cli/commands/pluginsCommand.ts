import type { Command } from 'commander';
import { buildPlugins } from '../../config/buildPlugins';
import { loadCatalogs } from '../../config/loadCatalogs';
import { loadConfig } from '../../config/loadConfig';
import { orderPlugins } from '../../pipeline/internal/EnrichmentChain';

/** `vigil plugins`: the plugins a configuration runs, in the order the pipeline runs them. */
export function pluginsCommand(program: Command): void {
  program
    .command('plugins')
    .description('list the plugins a configuration runs, in pipeline order')
    .option('-c, --config <file>', 'YAML configuration file')
    .action(async (flags: { config?: string }) => {
      const config = flags.config ? await loadConfig(flags.config) : {};
      const plugins = buildPlugins(config, await loadCatalogs(config.packages));
      process.stdout.write('enrichment (priority order):\n');
      for (const p of orderPlugins(plugins.enrichment)) process.stdout.write(`  ${String(p.priority ?? 50).padStart(4)}  ${p.name}\n`);
      process.stdout.write(`correlation:\n${plugins.correlation.map((p) => `  ${p.name}`).join('\n') || '  (none)'}\n`);
      process.stdout.write(`response:\n${plugins.response.map((p) => `  ${p.name}`).join('\n') || '  (none)'}\n`);
      for (const p of [...plugins.enrichment, ...plugins.response]) await p.shutdown?.();
    });
}

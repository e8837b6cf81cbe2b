import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildPlugins } from '../../config/buildPlugins';
import { loadCatalogs } from '../../config/loadCatalogs';
import { parseConfig } from '../../config/parseConfig';

/** `vigil validate-config`: schema, environment references and plugin names, all errors at once. */
export function validateConfigCommand(program: Command): void {
  program
    .command('validate-config')
    .description('check a configuration file (schema, ${ENV} references, plugin names and options)')
    .argument('<file>', 'YAML configuration file')
    .action(async (file: string) => {
      const result = parseConfig(await readFile(file, 'utf8'));
      if (!result.ok) {
        process.stderr.write(`${file}: ${result.errors.length} problem(s)\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      try {
        const plugins = buildPlugins(result.config, await loadCatalogs(result.config.packages));
        for (const p of [...plugins.enrichment, ...plugins.response]) await p.shutdown?.();
        process.stdout.write(
          `${file}: valid (${plugins.enrichment.length} enrichment, ${plugins.correlation.length} correlation, ${plugins.response.length} response plugin(s))\n`,
        );
      } catch (error) {
        process.stderr.write(`${file}: ${(error as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}

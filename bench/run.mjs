#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs bench/<name>.ts with tsx. Each benchmark prints human-readable
// lines and ends with one JSON line of figures (its baseline measured in the same run beside them).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.includes('.test.')).map((f) => f.slice(0, -3));
if (!name || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
// Benchmarks run with the young generation the `vigil` command starts with (packages/core/bin/vigil.js), Vigil and
// its baselines alike, and so do the tiers they spawn. BENCH_V8_DEFAULTS=1 measures V8's defaults instead.
const YOUNG_GENERATION = '--max-semi-space-size=64';
const env = { ...process.env };
if (process.env['BENCH_V8_DEFAULTS'] !== '1') env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} ${YOUNG_GENERATION}`.trim();
console.error(`bench: node options: ${env['NODE_OPTIONS'] || '(V8 defaults)'}`);
const result = spawnSync(tsx, [join(here, `${name}.ts`), ...rest], { stdio: 'inherit', cwd: join(here, '..'), env });
process.exit(result.status ?? 1);

// The example's module, loaded by each agent's worker threads. Each local agent plays a separate host: it searches
// the directory in VIGIL_EXAMPLE_ROOT (its own "disk"), which the script sets per agent process.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { defineModule } from '@vigil/agent-sdk';

export const findfile = defineModule({
  name: 'findfile',
  description: 'find files by name (regular expression) on this host',
  params: {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1 }, maxdepth: { type: 'integer', minimum: 0 } },
    required: ['name'],
    additionalProperties: false,
  },
  flags: [
    { name: 'name', kind: 'string', description: 'regular expression on file names' },
    { name: 'maxdepth', kind: 'number', description: 'how deep to descend (default 10)' },
  ],
  paramsFromFlags: (flags) => ({ name: String(flags.name ?? ''), ...(flags.maxdepth === undefined ? {} : { maxdepth: flags.maxdepth }) }),
  async run(params, context) {
    const root = process.env.VIGIL_EXAMPLE_ROOT ?? '/';
    const pattern = new RegExp(params.name);
    const found = [];
    const errors = [];
    let visited = 0;
    const walk = async (dir, depth) => {
      if (context.signal.aborted || depth > (params.maxdepth ?? 10)) return;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        errors.push(`${dir}: ${error.message}`);
        return;
      }
      for (const entry of entries) {
        visited++;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path, depth + 1);
        else if (pattern.test(entry.name)) found.push(`/${relative(root, path)}`);
      }
    };
    await walk(root, 0);
    return { foundanything: found.length > 0, success: true, elements: found.sort(), statistics: { visited }, errors };
  },
  render: (result) => result.elements.map((path) => `found ${path}`),
});

export const allModules = [findfile];

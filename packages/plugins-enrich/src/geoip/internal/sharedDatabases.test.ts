import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openDatabases, sharedDatabase } from './sharedDatabases';

describe('sharedDatabase', () => {
  it('opens a key once while something holds it', () => {
    let loads = 0;
    const load = () => ({ n: ++loads });
    const a = sharedDatabase('test:a', load);
    const b = sharedDatabase('test:a', load);
    expect(b).toBe(a);
    expect(loads).toBe(1);
    expect(openDatabases().get('test:a')).toBe(1);
  });

  it('keeps nothing when loading fails', () => {
    expect(() => sharedDatabase('test:fails', () => {
      throw new Error('no such file');
    })).toThrow('no such file');
    expect(openDatabases().has('test:fails')).toBe(false);
  });

  it('lets a database go once nothing holds it, and loads it again after', () => {
    // A separate process, to force garbage collection.
    const script = `
      const { sharedDatabase, openDatabases } = await import(${JSON.stringify(new URL('./sharedDatabases.ts', import.meta.url).pathname)});
      let loads = 0;
      let held = sharedDatabase('k', () => ({ bytes: new Uint8Array(64 << 20), n: ++loads }));
      const before = [...openDatabases()];
      held = undefined;
      await new Promise((r) => setTimeout(r, 10));
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 10));
      const after = [...openDatabases()];
      const again = sharedDatabase('k', () => ({ bytes: new Uint8Array(1), n: ++loads }));
      console.log(JSON.stringify({ before, after, n: again.n }));`;
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ before: [['k', 1]], after: [], n: 2 });
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/fixtures/modules';
import { loadModules } from './loadModules';
import type { ModuleRegistry } from './ModuleRegistry';
import { createModuleRunner } from './ModuleRunner';
import type { ModuleRunner } from './ModuleRunner';

const preload = [new URL('../../test/fixtures/registerTsx.mjs', import.meta.url).pathname];
let registry: ModuleRegistry;
let dir: string;
const runners: ModuleRunner[] = [];

function runner(options: { concurrency?: number; timeoutMs?: number; killGraceMs?: number } = {}): ModuleRunner {
  const r = createModuleRunner({ registry, preload, concurrency: 1, timeoutMs: 10_000, ...options });
  runners.push(r);
  return r;
}

beforeAll(async () => {
  registry = await loadModules({ specifier: fixturePath, exportName: 'allModules' });
  dir = await mkdtemp(join(tmpdir(), 'vigil-runner-'));
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ModuleRunner', () => {
  it('runs modules in a reused worker', async () => {
    const file = join(dir, 'data.bin');
    await writeFile(file, 'vigil runner test');
    const r = runner();
    const stat = await r.run('stat', { paths: [file, join(dir, 'absent')] });
    expect(stat).toEqual({ foundanything: true, success: true, elements: [{ path: file, size: 17, isFile: true }], statistics: { checked: 2 }, errors: [] });
    const hash = await r.run('hash', { path: file });
    expect(hash.elements).toEqual({ path: file, sha256: createHash('sha256').update('vigil runner test').digest('hex') });
    expect(r.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0, replaced: 0 });
  });

  it('refuses invalid parameters and unknown modules before running', async () => {
    const r = runner();
    expect(await r.run('stat', { paths: 'x' })).toMatchObject({ success: false, errors: [expect.stringMatching(/\/paths must be array/)] });
    expect(await r.run('nope', {})).toMatchObject({ success: false, errors: [expect.stringMatching(/no module named "nope"/)] });
    expect(r.stats().workers).toBe(0);
  });

  it('kills a hanging module at its timeout and keeps working', async () => {
    const r = runner();
    expect(await r.run('stat', { paths: ['/'] })).toMatchObject({ success: true });
    const hung = await r.run('hang', {}, { timeoutMs: 300 });
    expect(hung).toMatchObject({ success: false, errors: [expect.stringMatching(/hang timed out after 300 ms and was terminated/)] });
    expect(r.stats().replaced).toBe(1);
    const file = join(dir, 'after-hang');
    await writeFile(file, 'x');
    expect(await r.run('stat', { paths: [file] })).toMatchObject({ success: true, foundanything: true });
  });

  it('aborts the signal of a module at its deadline', async () => {
    // A generous grace: the module must stop by itself, not be killed, even on a loaded machine.
    const r = runner({ killGraceMs: 5000 });
    expect(await r.run('stat', { paths: ['/'] })).toMatchObject({ success: true });
    const result = await r.run('polite', {}, { timeoutMs: 100 });
    expect(result).toMatchObject({ success: false, errors: ['stopped at deadline (aborted)'] });
    expect(r.stats().replaced).toBe(0);
  });

  it('contains modules that throw, exit, overflow the stack or leak rejections', async () => {
    const r = runner();
    expect(await r.run('throws', {})).toMatchObject({ success: false, errors: ['module throws failed: module exploded'] });
    expect(await r.run('exits', {})).toMatchObject({ success: false, errors: [expect.stringMatching(/exits ended its worker \(exit code 3\)/)] });
    expect(await r.run('stack', {})).toMatchObject({ success: false, errors: [expect.stringMatching(/Maximum call stack size exceeded/)] });
    expect(await r.run('leak', {})).toMatchObject({ success: false, errors: [expect.stringMatching(/leak crashed its worker: forgotten rejection/)] });
    const file = join(dir, 'after-crashes');
    await writeFile(file, 'y');
    expect(await r.run('stat', { paths: [file] })).toMatchObject({ success: true, foundanything: true });
    expect(r.stats().replaced).toBeGreaterThanOrEqual(1);
  });

  it('never runs more modules at once than its concurrency', async () => {
    const gate = await mkdtemp(join(dir, 'gate-'));
    const r = runner({ concurrency: 2 });
    const runs = Array.from({ length: 5 }, () => r.run('gate', { dir: gate }));
    while ((await readdir(gate)).length < 2) await new Promise((res) => setTimeout(res, 10));
    expect(r.stats()).toMatchObject({ workers: 2, busy: 2, queued: 3 });
    await new Promise((res) => setTimeout(res, 100));
    expect((await readdir(gate)).length).toBe(2);
    await writeFile(join(gate, 'release'), '');
    const results = await Promise.all(runs);
    expect(results.every((x) => x.success && x.foundanything)).toBe(true);
    expect(new Set(results.map((x) => (x.elements as { threadId: number }).threadId)).size).toBe(2);
    expect((await readdir(gate)).filter((n) => n.startsWith('started-'))).toHaveLength(5);
  });

  it('fails queued runs on close', async () => {
    const gate = await mkdtemp(join(dir, 'close-'));
    const r = runner({ concurrency: 1 });
    const first = r.run('gate', { dir: gate });
    const second = r.run('gate', { dir: gate });
    while ((await readdir(gate)).length < 1) await new Promise((res) => setTimeout(res, 10));
    await r.close();
    await r.close();
    expect(await first).toMatchObject({ success: false, errors: [expect.stringMatching(/closed while the module ran/)] });
    expect(await second).toMatchObject({ success: false, errors: [expect.stringMatching(/closed before the module ran/)] });
    expect(await r.run('stat', { paths: ['/'] })).toMatchObject({ success: false });
  });
});
